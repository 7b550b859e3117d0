// Widget preview frame: renders one real widget with the props the console sends, isolated so a modal or a fixed
// bar stays inside this frame instead of covering the console.
//
// On a shop, three of the four widgets take what they show from the page or the visitor, not from config: the stock
// banner its product's stock, the referral card the customer's own code, the buy bar the page's product. Their
// previews would be empty, so the frame fills in sample values (what config leaves out; sample stock figures carry
// source "preview") and says so in a caption above the widget. The popup, which waits for its trigger on a shop, opens
// from a button: opened by itself, its modal would take the focus from the console field being edited.
import '@nudge/widgets';

/** What the console posts to the frame (tabs/widgets-tab.ts). */
export interface PreviewMessage {
  kind: 'nudge-preview';
  type: string;
  id: string;
  props: Record<string, unknown>;
  /** The language to preview in (the console's, or one the copy is written in), for the widget when config sets none. */
  lang?: string;
  /** What the frame fills in, in the console's language. */
  caption?: string;
  /** The label of the button that opens the popup. */
  open?: string;
  /** Set when the chosen variant turns the widget off: shown instead of it. */
  off?: string;
  /** Open the popup now: the person asked to see it open (never by itself, which would take the console's focus). */
  opened?: boolean;
}

type Props = Record<string, unknown>;

/** Sample values a type's preview adds, or undefined when config already gives the widget something to show. */
const samples: Record<string, (p: Props) => Props | undefined> = {
  'stock-banner': (p) =>
    p.stock === undefined && p.sold === undefined && p.endsAt === undefined && p.feedUrl === undefined
      ? { stock: 6, sold: 23, soldWindowHours: 24, asOf: new Date().toISOString(), source: 'preview' }
      : undefined,
  'referral-card': (p) => (p.code ? undefined : { code: 'SAMPLE10' }),
  'buy-bar': (p) =>
    p.name || p.price !== undefined ? undefined : { name: 'Linen shirt', price: 49, currency: p.currency ?? 'USD' },
};

type Previewed = HTMLElement & Record<string, unknown> & { show?(): void };

/** The widget on show, kept across messages for the same widget so an edit updates it in place (an open popup stays
 * open), and the props it was given. */
let current: { key: string; el: Previewed; set: string[] } | undefined;

/** The frame's one landmark, after its heading (preview.html): the caption and the widget go here. */
const main = document.querySelector('main')!;
const heading = main.querySelector('h1')!;

/** A caption line above the widget (or instead of it), as text. */
const captionLine = (text: string): HTMLParagraphElement => {
  const p = document.createElement('p');
  p.className = 'caption';
  p.textContent = text;
  return p;
};

window.addEventListener('message', (e: MessageEvent<PreviewMessage>) => {
  if (e.origin !== location.origin || e.data?.kind !== 'nudge-preview') return;
  const { type, id, props, lang, caption, open, off, opened } = e.data;
  const tag = `nudge-${type}`;
  heading.textContent = `Preview: ${id}`;
  if (off) {
    current = undefined;
    main.replaceChildren(heading, captionLine(off));
    return;
  }
  if (!customElements.get(tag)) {
    current = undefined;
    main.replaceChildren(heading, `${tag} is not available in this build`);
    return;
  }
  const sample = samples[type]?.(props);
  const popup = type === 'coupon-popup';
  const key = `${type} ${id}`;
  const values: Props = { ...props, ...sample };
  delete values.enabled;
  // Another widget, or a field cleared since the last message (back to the element's own default): a new element.
  if (current?.key !== key || current.set.some((k) => !(k in values))) {
    // The same popup, open, rebuilt because a field went back to its default: it stays open.
    const reopen = current?.key === key && !!current.el.open;
    const el = document.createElement(tag) as Previewed;
    el.setAttribute('widget-id', id);
    if (popup) el.manual = true;
    if (reopen) el.open = true;
    current = { key, el, set: [] };
  }
  const el = current.el;
  // The console's language unless config sets one (attribute first: removing it later would clear the property).
  if (lang && props.locale === undefined) el.setAttribute('locale', lang);
  else el.removeAttribute('locale');
  for (const [k, v] of Object.entries(values)) el[k] = v;
  current.set = Object.keys(values);
  // Only the caption is replaced: moving the element would disconnect it (and close an open popup).
  if (el.parentNode !== main) main.replaceChildren(heading, el);
  if (opened && popup) el.show?.();
  // The caption says what the frame filled in (nothing to say when config gives everything); the popup's carries the
  // button that opens it. It stays the same node while its words do: pressing the button takes the focus from the
  // console's field, whose change sends a message here; a caption replaced between the press and the release lost
  // the click (the popup did not open on the first click after an edit).
  const old = main.querySelector<HTMLElement>(':scope > .caption');
  if (!caption || !(sample || popup)) return void old?.remove();
  const words = `${caption}\n${popup ? (open ?? 'Open') : ''}`;
  if (old?.dataset.words === words && old.nextElementSibling === el) return;
  old?.remove();
  const note = captionLine(caption);
  note.dataset.words = words;
  if (popup) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = open ?? 'Open';
    // the element on show when clicked (a cleared field rebuilds it)
    button.addEventListener('click', () => current?.el.show?.());
    note.append(' ', button);
  }
  el.before(note);
});
parent.postMessage({ kind: 'nudge-preview-ready' }, location.origin);
