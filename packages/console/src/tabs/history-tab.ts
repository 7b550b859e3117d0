// The History tab: every published version, who and what in the reader's language, its diff, and a rollback.
import { html, nothing } from 'lit';
import type { Change, Draft, HistoryEntry } from '../api.js';
import { fmtTimeIn } from '../format.js';
import { actionWords, changeWords, zonesOf } from '../history-words.js';
import { sw } from '../i18n/schedule-words.js';
import { zoneOrUtc } from '@nudge/core/spec';
import type { ConsoleHost, TabView } from './host.js';

export type HistoryHost = Pick<
  ConsoleHost,
  'requestUpdate' | 'lang' | 't' | 'client' | 'site' | 'config' | 'confirmThen' | 'publish' | 'can' | 'fail' | 'sayDone'
>;

const diffLine = (d: Change) =>
  `${d.op === 'add' ? '+' : d.op === 'remove' ? '-' : '~'} ${d.path}: ${d.op !== 'add' ? JSON.stringify(d.before) : ''}${d.op === 'change' ? ' → ' : ''}${d.op !== 'remove' ? JSON.stringify(d.after) : ''}`;

export class HistoryTab implements TabView {
  #history: HistoryEntry[] = [];
  /** Drafts editors saved, waiting for a publisher. */
  #drafts: Draft[] = [];
  /** The version whose diff is open, and that diff. */
  #diffFor: number | null = null;
  #diff: Change[] = [];

  constructor(private readonly host: HistoryHost) {}

  async load(): Promise<void> {
    const { client, site } = this.host;
    const [h, d] = await Promise.all([client!.history(site), client!.drafts(site)]);
    this.#history = h.history;
    this.#drafts = d.drafts.filter((x) => x.state === 'open');
    this.host.requestUpdate();
  }

  private async discard(id: string) {
    try {
      await this.host.client!.discardDraft(this.host.site, id);
      this.host.sayDone(this.host.t('draftDiscarded'));
      await this.load();
    } catch (e) {
      this.host.fail(e);
    }
  }

  /** Open drafts, with publish (publishers) and discard (editors). */
  private renderDrafts() {
    const { t, lang } = this.host;
    if (!this.#drafts.length) return nothing;
    const zone = zoneOrUtc(this.host.config?.timeZone);
    return html`<section class="card" aria-labelledby="drafts-h"><h2 id="drafts-h">${t('drafts')}</h2>
      <table class="stack" role="table"><thead role="rowgroup"><tr role="row"><th role="columnheader">${sw(lang, 'whenIn', { z: zone })}</th><th role="columnheader">${t('who')}</th><th role="columnheader">${t('what')}</th><th role="columnheader"><span class="sr-only">${t('actions')}</span></th></tr></thead>
      <tbody role="rowgroup">${this.#drafts.map(
        (
          d,
        ) => html`<tr role="row"><td role="cell">${fmtTimeIn(d.createdAt, lang, zone)}</td><td role="cell" data-label=${t('who')}>${d.author}</td>
        <td role="cell" data-label=${t('what')}>${d.message} <span class="muted">v${d.baseVersion}</span></td>
        <td role="cell">${
          this.host.can('publisher')
            ? html`<button class="primary" @click=${() =>
                this.host.confirmThen(t('confirmDraft', { a: d.author }), async () => {
                  await this.host.publish((client, site) => client.publishDraft(site, d.id));
                  await this.load();
                })}>${t('publishDraft')}</button>`
            : nothing
        }
        ${this.host.can('editor') ? html`<button @click=${() => void this.discard(d.id)}>${t('discardDraft')}</button>` : nothing}</td></tr>`,
      )}</tbody></table></section>`;
  }

  private async showDiff(v: number) {
    this.#diffFor = this.#diffFor === v ? null : v;
    this.host.requestUpdate();
    if (this.#diffFor === null) return;
    const { client, site } = this.host;
    this.#diff = (await client!.diff(site, v - 1, v)).changes;
    this.host.requestUpdate();
  }

  render() {
    const { t, lang, config } = this.host;
    // times in the site's zone, named in the header, as the entries' schedule words name theirs
    const zone = zoneOrUtc(config?.timeZone);
    const zones = zonesOf(this.#history, config?.timeZone);
    return html`${this.renderDrafts()}<section class="card"><h2>${t('history')}</h2>
      <table class="stack" role="table"><thead role="rowgroup"><tr role="row"><th role="columnheader">${t('version')}</th><th role="columnheader">${sw(lang, 'whenIn', { z: zone })}</th><th role="columnheader">${t('who')}</th><th role="columnheader">${t('what')}</th><th role="columnheader"><span class="sr-only">${t('rollback')}</span></th></tr></thead>
      <tbody role="rowgroup">${this.#history.map(
        (h) => html`<tr role="row">
        <td role="cell">v${h.version}${h.version === config?.version ? html` <span class="status">${t('current')}</span>` : nothing}</td>
        <td role="cell" data-label=${t('when')}>${fmtTimeIn(h.createdAt, lang, zone)}</td><td role="cell" data-label=${t('who')}>${h.author}</td>
        <td role="cell" data-label=${t('what')}><div>${actionWords(lang, h.action, zones.get(h.version))}</div><div class="muted">${h.changes.slice(0, 4).map((c) => html`<div>${changeWords(lang, c, zones.get(h.version))}</div>`)}${h.changes.length > 4 ? html`<div>… +${h.changes.length - 4}</div>` : nothing}</div>
          ${this.#diffFor === h.version ? html`<pre>${this.#diff.map(diffLine).join('\n')}</pre>` : nothing}</td>
        <td role="cell">${h.action.type === 'schedule' ? nothing : html`<button @click=${() => void this.showDiff(h.version)}>${t('showDiff')}</button>`}
          ${
            h.version !== config?.version && h.action.type !== 'schedule' && this.host.can('publisher')
              ? html`<button class="danger" @click=${() =>
                  this.host.confirmThen(t('confirmRollback', { v: h.version }), () =>
                    this.host.publish((client, site) => client.rollback(site, h.version)),
                  )}>${t('rollback')}</button>`
              : nothing
          }</td>
      </tr>`,
      )}</tbody></table></section>`;
  }
}
