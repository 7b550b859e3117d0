// The Rewards tab's in-page links: each part of a long tab one Tab stop away, its heading taking the focus.
import { html } from 'lit';

export interface TocLink {
  /** the id of the part's heading */
  id: string;
  label: string;
  /** links to the parts inside it */
  children?: TocLink[];
}

/**
 * Moves the focus to the heading (the next Tab goes on from there). The page's own fragment navigation cannot reach
 * an id inside the console's shadow root, so the link does it.
 */
function go(e: Event, id: string) {
  e.preventDefault();
  const root = (e.currentTarget as Element).getRootNode() as ShadowRoot;
  const target = root.getElementById(id);
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus();
  target.scrollIntoView({ block: 'start' });
}

const list = (links: TocLink[]): unknown =>
  html`<ul>${links.map(
    (l) => html`<li><a href="#${l.id}" @click=${(e: Event) => go(e, l.id)}>${l.label}</a>
      ${l.children?.length ? list(l.children) : ''}</li>`,
  )}</ul>`;

export function tocView(label: string, links: TocLink[]) {
  return html`<nav class="card toc" aria-label=${label}>${list(links)}</nav>`;
}
