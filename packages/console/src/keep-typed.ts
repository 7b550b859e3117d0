// A field's value from the console's state, unless the person typed in it since the state last set it.
import { noChange } from 'lit';
import { Directive, directive, PartType, type PartInfo, type PropertyPart } from 'lit/directive.js';

/**
 * For an input read when its form is submitted (no draft of its own): a new stored value (a save's answer, a refresh)
 * replaces the field's text only while that text is still the value it was last given; text typed since stays, as
 * edits-since-save.ts keeps a draft's changed fields.
 */
class KeepTyped extends Directive {
  #given: string | undefined;

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.PROPERTY || info.name !== 'value') throw new Error('keepTyped() binds .value');
  }

  render(value: string) {
    return value;
  }

  override update(part: PropertyPart, [value]: [string]) {
    const now = (part.element as HTMLInputElement).value;
    if (this.#given !== undefined && now !== this.#given && now !== value) return noChange;
    this.#given = value;
    return value;
  }
}

export const keepTyped = directive(KeepTyped);
