// Per-locale merchant copy: the core's schema checks how a locale tag is written (to keep the page's validator small);
// the server, which checks every published document, refuses languages that do not exist and empty copies.

/** True for a tag whose language Intl can name (`en`, `zh-TW`, `yue`); `xx` and `cn` name nothing. */
const names = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });
const known = (tag: string) => {
  try {
    return !!names.of(tag);
  } catch {
    return false;
  }
};

/** The issues of one prop value (nothing unless it is a per-locale object). */
function copyIssues(value: unknown, path: string): { path: string; message: string }[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const tags = Object.keys(value);
  if (!tags.length) return [{ path, message: 'needs at least one locale, or a plain text' }];
  return tags
    .filter((tag) => !known(tag))
    .map((tag) => ({
      path: `${path}.${tag}`,
      message: `unknown locale "${tag}": expected a tag such as en, zh-CN or zh-TW`,
    }));
}

/** Per-locale text props in widgets and in variant patches with an unknown locale or no locale at all, with paths. */
export function localeIssues(doc: {
  widgets: { props: Record<string, unknown> }[];
  experiments: { variants: { patch?: Record<string, Record<string, unknown>> }[] }[];
}): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  doc.widgets.forEach((w, i) => {
    for (const [k, v] of Object.entries(w.props)) out.push(...copyIssues(v, `widgets.${i}.props.${k}`));
  });
  doc.experiments.forEach((e, i) =>
    e.variants.forEach((variant, j) => {
      for (const [widget, patch] of Object.entries(variant.patch ?? {}))
        for (const [k, v] of Object.entries(patch))
          out.push(...copyIssues(v, `experiments.${i}.variants.${j}.patch.${widget}.${k}`));
    }),
  );
  return out;
}
