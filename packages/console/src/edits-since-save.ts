// After a save answers: what the person changed while it was on its way stays, the rest follows the server's answer.

/** Two field values the same (objects by their JSON, as a draft holds plain data). */
export const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The form's draft once a save answers. `sent` is the draft the save sent, `now` the draft as it is when the answer
 * arrives, `answer` the draft the server's answer makes. A field changed since the save started keeps its value now
 * (the answer describes the older value sent); every other field takes the answer's. `newer` names the kept fields:
 * while there are any the form has unsaved changes, and only what was sent may be said saved.
 */
export function afterSave<D extends object>(sent: D, now: D, answer: D): { draft: D; newer: string[] } {
  const [was, is] = [sent as Record<string, unknown>, now as Record<string, unknown>];
  const draft = { ...answer } as Record<string, unknown>;
  const newer: string[] = [];
  for (const k of new Set([...Object.keys(was), ...Object.keys(is)])) {
    if (same(was[k], is[k])) continue;
    newer.push(k);
    if (k in is) draft[k] = is[k];
    else delete draft[k];
  }
  return { draft: draft as D, newer };
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * A form that creates something (an invitation, a token, a pool) starts empty again once it answers: each field that
 * still holds what `sent` (the form's data when it was submitted) had goes back to its default; one changed since
 * (the next one being typed already) keeps what it holds now.
 */
export function resetSent(form: HTMLFormElement, sent: FormData): void {
  for (const el of [...form.elements] as Field[]) {
    if (!el.name || !('value' in el)) continue;
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      if (el.checked === sent.getAll(el.name).includes(el.value)) el.checked = el.defaultChecked;
    } else if (el instanceof HTMLInputElement && el.type === 'file') {
      if (!el.files?.length || el.files[0] === sent.get(el.name)) el.value = '';
    } else if (el.value === (sent.get(el.name) ?? '')) {
      if (el instanceof HTMLSelectElement)
        el.selectedIndex = Math.max(
          0,
          [...el.options].findIndex((o) => o.defaultSelected),
        );
      else el.value = el.defaultValue;
    }
  }
}
