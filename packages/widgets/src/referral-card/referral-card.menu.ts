// The referral card's share menu (copy, WhatsApp, X, Facebook, email, LINE, WeChat QR): loaded on first use, placed
// by @floating-ui/dom; the QR library loads only when WeChat is chosen and is drawn as SVG rects, fully offline.
import { css, html, nothing, svg } from 'lit';
import { placeFloating } from '../internal/floating.js';
import { t, type Messages } from '../internal/translate.js';
import type { NudgeElement } from '../internal/nudge-element.js';
import type { NudgeShareDetail } from './referral-card.events.js';

/**
 * What the menu needs from the card's view: the card element (its shadow root, link and events, and itself as the
 * target an outside click is told apart from), recording a share, the message that goes with the link, and closing
 * the menu. The view implements it; this file never imports the view or the element.
 */
export interface ShareMenuHost {
  readonly host: EventTarget &
    Pick<NudgeElement, 'emit' | 'requestUpdate' | 'updateComplete' | 'renderRoot'> & { readonly shareUrl: string };
  shared(method: NudgeShareDetail['method']): void;
  shareText(): string;
  menuClosed(): void;
}

/** The share menu of one card, created on the first "Share" click without the Web Share API. */
export class ShareMenu {
  readonly #to: ShareMenuHost;
  #qr: boolean[][] | undefined;
  #copied = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #off: (() => void) | undefined;

  constructor(to: ShareMenuHost) {
    this.#to = to;
  }

  #close(refocus: boolean): void {
    this.#off?.();
    this.#off = undefined;
    this.#qr = undefined;
    this.#to.menuClosed();
    const host = this.#to.host;
    if (refocus)
      void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('[part~=cta]')?.focus());
  }

  /** Positions the open menu under the share button and closes it on an outside click (after every update). */
  place(): void {
    const host = this.#to.host;
    const menu = host.renderRoot.querySelector<HTMLElement>('[part~=menu]');
    const cta = host.renderRoot.querySelector('[part~=cta]');
    if (!menu || !cta) {
      this.#off?.();
      this.#off = undefined;
      return;
    }
    void placeFloating(cta, menu, 'bottom-end');
    if (!this.#off) {
      const outside = (e: Event) => {
        if (!e.composedPath().includes(host)) this.#close(false);
      };
      document.addEventListener('pointerdown', outside, true);
      this.#off = () => document.removeEventListener('pointerdown', outside, true);
    }
  }

  async #copy(): Promise<void> {
    const host = this.#to.host;
    try {
      await navigator.clipboard.writeText(host.shareUrl);
    } catch {
      host.renderRoot.querySelector<HTMLInputElement>('[part~=link]')?.select(); // visitor can press Ctrl+C
      return;
    }
    this.#copied = true;
    host.emit('nudge-copy', { url: host.shareUrl });
    this.#to.shared('copy');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#copied = false;
      host.requestUpdate();
    }, 2500);
    host.requestUpdate();
  }

  async #wechat(): Promise<void> {
    const host = this.#to.host;
    if (this.#qr) {
      this.#qr = undefined;
    } else {
      const { encode } = await import('uqr');
      this.#qr = encode(host.shareUrl, { ecc: 'M', border: 2 }).data;
      this.#to.shared('wechat');
    }
    host.requestUpdate();
  }

  render(loc: string) {
    const host = this.#to.host;
    const qr = this.#qr;
    const url = host.shareUrl;
    const e = encodeURIComponent;
    const text = this.#to.shareText();
    const links: [NudgeShareDetail['method'], string, string][] = [
      ['whatsapp', 'WhatsApp', `https://wa.me/?text=${e(`${text} ${url}`)}`],
      ['x', 'X', `https://x.com/intent/post?text=${e(text)}&url=${e(url)}`],
      ['facebook', 'Facebook', `https://www.facebook.com/sharer/sharer.php?u=${e(url)}`],
      ['email', t(messages, loc, 'email'), `mailto:?subject=${e(text)}&body=${e(`${text}\n${url}`)}`],
      ['line', 'LINE', `https://social-plugins.line.me/lineit/share?url=${e(url)}`],
    ];
    return html`<div id="menu" class="menu" part="menu" role="group" tabindex="-1" aria-label=${t(messages, loc, 'more')}
    @keydown=${(ev: KeyboardEvent) => ev.key === 'Escape' && (ev.stopPropagation(), this.#close(true))}
    @focusout=${(ev: FocusEvent) => {
      // Tabbing out of the menu closes it, as a disclosure should (tabindex=-1 on the menu keeps a click on the QR
      // code or the gaps from counting as leaving).
      const to = ev.relatedTarget as Node | null;
      if (!to || !host.renderRoot.contains(to)) this.#close(false);
    }}>
    <button class="option" part="option" type="button" @click=${() => void this.#copy()}>${t(messages, loc, 'copy')}</button>
    ${links.map(
      ([
        method,
        name,
        href,
      ]) => html`<a class="option" part="option" href=${href} target=${method === 'email' ? nothing : '_blank'}
      rel="noopener noreferrer" @click=${() => this.#to.shared(method)}>${name}</a>`,
    )}
    <button class="option" part="option" type="button" aria-expanded=${qr ? 'true' : 'false'} @click=${() => void this.#wechat()}>${t(messages, loc, 'wechat')}</button>
    ${qr ? html`<figure class="qr">${qrCode(qr, t(messages, loc, 'qrLabel'))}<figcaption>${t(messages, loc, 'qrHint')}</figcaption></figure>` : nothing}
    <p class="tooltip" part="tooltip" role="status">${this.#copied ? t(messages, loc, 'copied') : ''}</p>
  </div>`;
  }
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
