// Defines a widget through a subclass whose callbacks cannot throw into the page (errors go to our handler instead).

/**
 * Lifecycle methods the browser or Lit call for us; an exception there would be "reported" to window.onerror
 * (custom element reactions) or reject an unobserved promise (Lit updates). Listener order on window cannot be
 * relied on to intercept those, so the calls themselves are wrapped.
 */
const HOOKS = [
  'connectedCallback',
  'disconnectedCallback',
  'attributeChangedCallback',
  'willUpdate',
  'update',
  'firstUpdated',
  'updated',
] as const;

export type ElementErrorHandler = (el: HTMLElement, error: unknown) => void;
type Ctor = CustomElementConstructor & { prototype: HTMLElement };

/** A subclass of `Base` whose lifecycle hooks catch and hand errors to `onError`; the base class is left untouched. */
export function safeElementClass(Base: Ctor, onError: ElementErrorHandler): Ctor {
  const Safe = class extends (Base as unknown as { new (): HTMLElement }) {};
  for (const hook of HOOKS) {
    const original = (Base.prototype as unknown as Record<string, unknown>)[hook];
    if (typeof original !== 'function') continue;
    Object.defineProperty(Safe.prototype, hook, {
      configurable: true,
      writable: true,
      value(this: HTMLElement, ...args: unknown[]) {
        try {
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        } catch (error) {
          onError(this, error);
          return undefined;
        }
      },
    });
  }
  return Safe as unknown as Ctor;
}

/**
 * Defines `tag` with the safe subclass of the first HTMLElement class a widget module exports.
 * When the page already defined the tag (a developer imported the widget), that definition stays.
 */
export function defineSafely(
  tag: string,
  mod: Record<string, unknown>,
  onError: ElementErrorHandler,
  registry: CustomElementRegistry = customElements,
): void {
  if (registry.get(tag)) return;
  const Base = Object.values(mod).find(
    (v): v is Ctor => typeof v === 'function' && (v as Ctor).prototype instanceof HTMLElement,
  );
  if (!Base) throw new Error(`no custom element class exported for <${tag}>`);
  registry.define(tag, safeElementClass(Base, onError));
  // A page whose define does nothing would leave the widget a blank, unupgraded element: say so instead.
  if (!registry.get(tag)) throw new Error(`the page blocked the definition of <${tag}>`);
}
