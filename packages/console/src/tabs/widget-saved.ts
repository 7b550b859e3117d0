// A widget's form once its publish answers: edits made while it was on its way stay, the rest follows the answer.
import type { NudgeConfig } from '@nudge/core';
import { afterSave, same } from '../edits-since-save.js';
import type { Schedule } from './schedule-editor.js';

/** The Widgets tab's edits: props as JSON text and schedules (undefined: removed), per widget id. */
export interface WidgetEdits {
  drafts: Record<string, string>;
  schedules: Record<string, Schedule | undefined>;
}

const parsed = (text: string): Record<string, unknown> | null => {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/**
 * The edits left once widget `id`'s publish answered. `sent` are the edits when it was sent (the tab replaces its maps
 * on each edit, never changes them in place) with the props it sent; `now` the edits now; `config` the config the
 * answer holds. A prop or schedule changed since stays as an edit (the widget stays unsaved, Save sends it);
 * what was not touched since is dropped, so the form shows the answer's values.
 */
export function widgetAfterSave(
  id: string,
  sent: WidgetEdits & { props: Record<string, unknown> },
  now: WidgetEdits,
  config: NudgeConfig | null,
): WidgetEdits {
  const published = config?.widgets.find((w) => w.id === id);
  const { [id]: _s, ...schedules } = now.schedules;
  const scheduleNewer = id in now.schedules && !(id in sent.schedules && same(sent.schedules[id], now.schedules[id]));
  const { [id]: text, ...drafts } = now.drafts;
  const edits = { drafts, schedules: scheduleNewer ? now.schedules : schedules };
  if (text === undefined || text === sent.drafts[id]) return edits;
  const props = parsed(text);
  // JSON being typed in the raw editor is kept as typed: there is no prop to tell from another yet
  if (!props) return { ...edits, drafts: now.drafts };
  const { draft, newer } = afterSave(sent.props, props, published?.props ?? sent.props);
  return newer.length ? { ...edits, drafts: { ...drafts, [id]: JSON.stringify(draft, null, 2) } } : edits;
}
