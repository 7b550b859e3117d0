// The Install view: the exact tag for the site with a copy button, and each allowed origin with whether the tag was
// seen there recently (the server records config and event requests per origin).
import { html, nothing } from 'lit';
import type { InstallInfo } from '../api.js';
import { fmtTime } from '../format.js';
import type { ConsoleHost, TabView } from './host.js';
import { installTag } from './settings-tab.js';

export type InstallHost = Pick<ConsoleHost, 'requestUpdate' | 'lang' | 't' | 'client' | 'site' | 'say' | 'sayDone'>;

type Row = InstallInfo['origins'][number];

export class InstallTab implements TabView {
  #info: InstallInfo | null = null;

  constructor(private readonly host: InstallHost) {}

  siteChanged(): void {
    this.#info = null;
  }

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client || !site) return;
    this.#info = await client.install(site);
    this.host.requestUpdate();
  }

  /** This console's server serves the script and takes the events: its origin is the tag's. */
  #tag() {
    return installTag(location.origin, this.host.site);
  }

  async #copy(pre: HTMLElement | null) {
    const { t } = this.host;
    try {
      await navigator.clipboard.writeText(this.#tag());
      this.host.sayDone(t('tagCopied'));
    } catch {
      // no clipboard (an http page, a refused permission): the tag is selected for a manual copy
      if (pre) getSelection()?.selectAllChildren(pre);
      this.host.say('error', t('tagCopyFailed'));
    }
  }

  #seen(r: Row) {
    const { t, lang } = this.host;
    if (r.lastSeen === null) return html`<span class="muted">${t('neverSeen')}</span>`;
    const when = fmtTime(r.lastSeen, lang);
    return r.recent
      ? html`✓ ${t('seenRecently', { t: when })}`
      : html`<span class="warn">${t('seenLongAgo', { t: when })}</span>`;
  }

  #table(rows: Row[], id: string) {
    const { t } = this.host;
    return html`<table id=${id}><thead><tr><th>${t('originCol')}</th><th>${t('seenCol')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td><code>${r.origin}</code></td><td>${this.#seen(r)}</td></tr>`)}</tbody></table>`;
  }

  render() {
    const { t } = this.host;
    const info = this.#info;
    return html`<section class="card" aria-labelledby="install-view-h">
        <h2 id="install-view-h">${t('installTitle')}</h2>
        <p class="muted">${t('installNote')}</p>
        <pre id="install-snippet"><code>${this.#tag()}</code></pre>
        <button type="button" @click=${(e: Event) =>
          void this.#copy(
            (e.currentTarget as HTMLElement).parentElement!.querySelector('#install-snippet'),
          )}>${t('copyTag')}</button>
      </section>
      <section class="card" aria-labelledby="origins-seen-h">
        <h2 id="origins-seen-h">${t('originsTitle')}</h2>
        ${info?.anyOrigin ? html`<p class="warn">${t('anyOriginAllowed')}</p>` : nothing}
        ${
          info?.origins.length
            ? this.#table(info.origins, 'origins-seen')
            : info?.anyOrigin
              ? nothing
              : html`<p class="muted" role="status">${t('noOrigins')}</p>`
        }
        ${
          info && info.alsoSeen.length
            ? html`<h3>${t('alsoSeen')}</h3>${this.#table(info.alsoSeen, 'origins-also-seen')}`
            : nothing
        }
      </section>`;
  }
}
