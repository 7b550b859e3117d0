// The referral card's share menu (copy, WhatsApp, X, Facebook, email, LINE, WeChat QR): loaded on first use, placed
// by @floating-ui/dom; the QR library loads only when WeChat is chosen and is drawn as SVG rects, fully offline.
import { css, html, nothing, svg } from 'lit';
import { placeFloating } from '../internal/floating.js';
import { t, type Messages } from '../internal/translate.js';
import type { NudgeReferralCard, NudgeShareDetail } from './referral-card.component.js';
// Type only: the view hands its share recorder over in render(). A static import of the view would make the
// bundler wrap the view's chunk in a namespace object (the element imports it dynamically), ~90 bytes gzip.
import type * as View from './referral-card.view.js';

/** What the menu needs from the view: recording a share and the message that goes with the link. */
type Sharing = Pick<typeof View, 'shared' | 'shareText'>;

interface MenuState {
  qr?: boolean[][];
  copied?: boolean;
  timer?: ReturnType<typeof setTimeout>;
  off?: () => void;
}
const states = new WeakMap<NudgeReferralCard, MenuState>();
const state = (host: NudgeReferralCard) => {
  let s = states.get(host);
  if (!s) states.set(host, (s = {}));
  return s;
};

function close(host: NudgeReferralCard, refocus: boolean): void {
  const s = state(host);
  s.off?.();
  s.off = undefined;
  s.qr = undefined;
  host._menuOpen = false;
  if (refocus) void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('[part~=cta]')?.focus());
}

/** Positions the open menu under the share button and closes it on an outside click. */
export function place(host: NudgeReferralCard): void {
  const menu = host.renderRoot.querySelector<HTMLElement>('[part~=menu]');
  const cta = host.renderRoot.querySelector('[part~=cta]');
  const s = state(host);
  if (!menu || !cta) {
    s.off?.();
    s.off = undefined;
    return;
  }
  void placeFloating(cta, menu, 'bottom-end');
  if (!s.off) {
    const outside = (e: Event) => {
      if (!e.composedPath().includes(host)) close(host, false);
    };
    document.addEventListener('pointerdown', outside, true);
    s.off = () => document.removeEventListener('pointerdown', outside, true);
  }
}

async function copy(host: NudgeReferralCard, { shared }: Sharing): Promise<void> {
  const s = state(host);
  try {
    await navigator.clipboard.writeText(host.shareUrl);
  } catch {
    host.renderRoot.querySelector<HTMLInputElement>('[part~=link]')?.select(); // visitor can press Ctrl+C
    return;
  }
  s.copied = true;
  host.emit('nudge-copy', { url: host.shareUrl });
  shared(host, 'copy');
  clearTimeout(s.timer);
  s.timer = setTimeout(() => {
    s.copied = false;
    host.requestUpdate();
  }, 2500);
  host.requestUpdate();
}

async function wechat(host: NudgeReferralCard, { shared }: Sharing): Promise<void> {
  const s = state(host);
  if (s.qr) {
    s.qr = undefined;
  } else {
    const { encode } = await import('uqr');
    s.qr = encode(host.shareUrl, { ecc: 'M', border: 2 }).data;
    shared(host, 'wechat');
  }
  host.requestUpdate();
}

/** The QR matrix as one SVG rect per dark module, built from data (never markup strings). */
function qrCode(matrix: boolean[][], label: string) {
  const n = matrix.length;
  return html`<svg part="qr" role="img" aria-label=${label} viewBox="0 0 ${n} ${n}" width="160" height="160" shape-rendering="crispEdges">
    <rect width=${n} height=${n} fill="#fff" />
    ${matrix.flatMap((row, y) => row.map((dark, x) => (dark ? svg`<rect x=${x} y=${y} width="1" height="1" />` : nothing)))}
  </svg>`;
}

const messages: Messages<'copy' | 'copied' | 'email' | 'wechat' | 'qrHint' | 'qrLabel' | 'more'> = {
  en: {
    copy: 'Copy link',
    copied: 'Link copied',
    email: 'Email',
    wechat: 'WeChat',
    qrHint: 'Scan with WeChat to open the link',
    qrLabel: 'QR code of your invite link',
    more: 'Share options',
  },
  'zh-CN': {
    copy: '复制链接',
    copied: '链接已复制',
    email: '邮件',
    wechat: '微信',
    qrHint: '用微信扫一扫打开链接',
    qrLabel: '邀请链接二维码',
    more: '分享方式',
  },
  'zh-TW': {
    copy: '複製連結',
    copied: '連結已複製',
    email: '郵件',
    wechat: '微信',
    qrHint: '用微信掃一掃開啟連結',
    qrLabel: '邀請連結 QR 碼',
    more: '分享方式',
  },
};

export function render(host: NudgeReferralCard, loc: string, sharing: Sharing) {
  const { shared, shareText } = sharing;
  const s = state(host);
  const url = host.shareUrl;
  const e = encodeURIComponent;
  const text = shareText(host);
  const links: [NudgeShareDetail['method'], string, string][] = [
    ['whatsapp', 'WhatsApp', `https://wa.me/?text=${e(`${text} ${url}`)}`],
    ['x', 'X', `https://x.com/intent/post?text=${e(text)}&url=${e(url)}`],
    ['facebook', 'Facebook', `https://www.facebook.com/sharer/sharer.php?u=${e(url)}`],
    ['email', t(messages, loc, 'email'), `mailto:?subject=${e(text)}&body=${e(`${text}\n${url}`)}`],
    ['line', 'LINE', `https://social-plugins.line.me/lineit/share?url=${e(url)}`],
  ];
  return html`<div id="menu" class="menu" part="menu" role="group" tabindex="-1" aria-label=${t(messages, loc, 'more')}
    @keydown=${(ev: KeyboardEvent) => ev.key === 'Escape' && (ev.stopPropagation(), close(host, true))}
    @focusout=${(ev: FocusEvent) => {
      // Tabbing out of the menu closes it, as a disclosure should (tabindex=-1 on the menu keeps a click on the QR
      // code or the gaps from counting as leaving).
      const to = ev.relatedTarget as Node | null;
      if (!to || !host.renderRoot.contains(to)) close(host, false);
    }}>
    <button class="option" part="option" type="button" @click=${() => void copy(host, sharing)}>${t(messages, loc, 'copy')}</button>
    ${links.map(
      ([
        method,
        name,
        href,
      ]) => html`<a class="option" part="option" href=${href} target=${method === 'email' ? nothing : '_blank'}
      rel="noopener noreferrer" @click=${() => shared(host, method)}>${name}</a>`,
    )}
    <button class="option" part="option" type="button" aria-expanded=${s.qr ? 'true' : 'false'} @click=${() => void wechat(host, sharing)}>${t(messages, loc, 'wechat')}</button>
    ${s.qr ? html`<figure class="qr">${qrCode(s.qr, t(messages, loc, 'qrLabel'))}<figcaption>${t(messages, loc, 'qrHint')}</figcaption></figure>` : nothing}
    <p class="tooltip" part="tooltip" role="status">${s.copied ? t(messages, loc, 'copied') : ''}</p>
  </div>`;
}

export const styles = css`
  .menu {
    position: fixed;
    top: 0;
    left: 0;
    z-index: var(--_z);
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.25rem;
    width: max-content;
    max-width: calc(100vw - 16px);
    padding: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: var(--_shadow);
  }
  .menu:not([data-placement]) {
    visibility: hidden;
  }
  .option {
    display: flex;
    align-items: center;
    min-height: 44px;
    min-width: 8.5rem;
    padding: 0.5rem 0.75rem;
    border: 0;
    border-radius: calc(var(--_radius) * 0.6);
    background: transparent;
    color: var(--_text);
    font: inherit;
    text-align: start;
    text-decoration: none;
    cursor: pointer;
  }
  .option:hover {
    background: rgb(0 0 0 / 0.06);
  }
  .qr {
    grid-column: 1 / -1;
    display: grid;
    justify-items: center;
    gap: 0.25rem;
    margin: 0.25rem 0 0;
  }
  .qr svg {
    fill: #000;
  }
  figcaption {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .tooltip {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_text);
    text-align: center;
  }
`;
