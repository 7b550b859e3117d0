// The new-experiment form's preview: the real widget in the preview frame as the chosen variant shows it (its patch
// over the widget's props), the popup opened when asked.
import { html, nothing } from 'lit';
import type { WidgetConfig } from '@nudge/core';
import type { PreviewMessage } from '../preview.js';
import type { ConsoleHost } from './host.js';

export type VariantPreviewHost = Pick<ConsoleHost, 'renderRoot' | 't' | 'lang' | 'requestUpdate'>;

/** A variant as the form holds it: its key and the props it gives the widget. */
interface Shown {
  key: string;
  patch: Record<string, unknown>;
}

export class VariantPreview {
  /** The variant previewed, by index (0: the control). */
  #index = 0;
  /** Open the popup with the next message (the person asked to see it open). */
  #openNext = false;
  /** What was last sent, so an unchanged form does not re-send. */
  #sent = '';

  constructor(private readonly host: VariantPreviewHost) {}

  /** The picker, the "open the popup" button and the frame; call `send` after the form rendered. */
  render(widget: WidgetConfig | undefined, variants: Shown[]) {
    if (!widget) return nothing;
    const { t } = this.host;
    if (this.#index >= variants.length) this.#index = 0;
    return html`<div class="card">
      <div class="row">
        <label for="nx-pv">${t('previewVariant')}</label>
        <select id="nx-pv" @change=${(e: Event) => {
          this.#index = Number((e.target as HTMLSelectElement).value);
          this.host.requestUpdate();
        }}>${variants.map((v, i) => html`<option value=${i} ?selected=${i === this.#index}>${v.key || `#${i + 1}`}</option>`)}</select>
        ${
          widget.type === 'coupon-popup'
            ? html`<button type="button" @click=${() => {
                this.#openNext = true;
                this.#sent = '';
                this.send(widget, variants);
              }}>${t('previewOpen')}</button>`
            : nothing
        }
      </div>
      <iframe class="preview" data-preview="nx-variant" src="/console/preview.html"
        title="${t('preview')}: ${variants[this.#index]?.key ?? ''}" @load=${() => {
          this.#sent = '';
          this.send(widget, variants);
        }}></iframe>
    </div>`;
  }

  /** Posts the chosen variant's props to the frame (once per change). */
  send(widget: WidgetConfig | undefined, variants: Shown[]) {
    const frame = this.host.renderRoot.querySelector<HTMLIFrameElement>('iframe[data-preview="nx-variant"]');
    const variant = variants[this.#index];
    if (!widget || !frame?.contentWindow || !variant) return;
    const { t } = this.host;
    const { enabled, ...patch } = variant.patch;
    const message: PreviewMessage = {
      kind: 'nudge-preview',
      type: widget.type,
      id: widget.id,
      props: { ...widget.props, ...patch },
      lang: this.host.lang,
      ...(widget.type === 'coupon-popup' ? { caption: t('previewPopup'), open: t('previewOpen') } : {}),
      ...(enabled === false ? { off: t('previewOff') } : {}),
      ...(this.#openNext ? { opened: true } : {}),
    };
    const text = JSON.stringify(message);
    if (text === this.#sent) return;
    this.#sent = text;
    this.#openNext = false;
    frame.contentWindow.postMessage(message, location.origin);
  }
}
