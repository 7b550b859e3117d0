// The Settings tab: ingest counts, allowed origins, write keys (a new one shown once) and a new site.
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Stats, WriteKey } from '../api.js';
import { fmtCount, fmtTime } from '../format.js';
import { savedWords } from '../i18n/saved-words.js';
import type { ConsoleHost, TabView } from './host.js';

/** The tag a merchant pastes: the server that serves this console also serves the embed and takes its events. */
export const installTag = (server: string, site: string) =>
  `<script async src="${server}/nudge/v1/nudge.js" data-site="${site}"></script>`;

export type SettingsHost = Pick<
  ConsoleHost,
  'requestUpdate' | 'lang' | 't' | 'client' | 'site' | 'sayDone' | 'clearIssues' | 'fail' | 'siteCreated' | 'can'
>;

export class SettingsTab implements TabView {
  #settings: { origins: string[]; keys: WriteKey[]; stats: Stats } | null = null;
  /** A write key just created: shown this once. */
  #newKey: string | null = null;
  /** The origins as typed, until saved (null: the stored ones), so a refresh or a save's answer keeps what is typed. */
  #origins: string | null = null;

  constructor(private readonly host: SettingsHost) {}

  siteChanged(): void {
    this.#newKey = null;
    this.#origins = null;
  }

  async load(): Promise<void> {
    const { client, site } = this.host;
    // write keys are secrets' handles: only admins list them (the API refuses anyone else)
    const admin = this.host.can('admin');
    const [s, keys, stats] = await Promise.all([
      client!.site(site),
      admin ? client!.writeKeys(site) : Promise.resolve({ writeKeys: [] }),
      client!.stats(site),
    ]);
    this.#settings = { origins: s.site.allowedOrigins, keys: keys.writeKeys, stats };
    this.host.requestUpdate();
  }

  private async saveOrigins(text: string) {
    this.host.clearIssues();
    try {
      const origins = text
        .split(/\s+/)
        .map((o) => o.trim())
        .filter(Boolean);
      await this.host.client!.setOrigins(this.host.site, origins);
      const newer = this.#origins !== null && this.#origins !== text;
      this.host.sayDone(savedWords(this.host.lang, this.host.t('originsSaved'), newer));
      await this.load();
      // what was typed while the save was on its way stays, to save next; else the list as stored shows
      if (this.#origins === text) this.#origins = null;
      this.host.requestUpdate();
    } catch (e) {
      this.host.fail(e);
    }
  }

  private async createWriteKey() {
    try {
      this.#newKey = (await this.host.client!.createWriteKey(this.host.site)).key;
      this.host.requestUpdate();
      await this.load();
    } catch (e) {
      this.host.fail(e);
    }
  }

  private async createSite(id: string, name: string) {
    this.host.clearIssues();
    try {
      await this.host.client!.createSite(id, name);
      await this.host.siteCreated(id);
    } catch (e) {
      this.host.fail(e);
    }
  }

  render() {
    const st = this.#settings;
    const { t, lang } = this.host;
    // The textarea's value is read when the form is submitted: a background refresh (the errors badge) re-renders
    // the view, and a value kept in this render's closure would then save the stored origins, not what was typed.
    const saveOrigins = (e: SubmitEvent) => {
      e.preventDefault();
      void this.saveOrigins(String(new FormData(e.target as HTMLFormElement).get('origins') ?? ''));
    };
    const newSite = (e: SubmitEvent) => {
      e.preventDefault();
      const data = new FormData(e.target as HTMLFormElement);
      void this.createSite(String(data.get('id') ?? ''), String(data.get('name') ?? ''));
    };
    return html`
      ${
        st
          ? html`<p class="muted" id="ingest-stats">${t('stats', {
              // three disjoint numbers: valid stored events, stored as nudge_error, refused
              v: fmtCount(st.stats.events - st.stats.invalidProps, lang),
              i: fmtCount(st.stats.invalidProps, lang),
              r: fmtCount(st.stats.rejected, lang),
              d: fmtCount(st.stats.clientDropped, lang),
            })}</p>`
          : nothing
      }
      <section class="card" aria-labelledby="install-h">
        <h2 id="install-h">${t('installTitle')}</h2>
        <p class="muted">${t('installNote')}</p>
        <pre id="install-tag"><code>${installTag(location.origin, this.host.site ?? '')}</code></pre>
      </section>
      ${this.host.can('admin') ? this.renderAdmin(saveOrigins, newSite) : html`<p class="muted">${t('adminOnly')}</p>`}`;
  }

  /** Origins, write keys and new sites: for admins. */
  private renderAdmin(saveOrigins: (e: SubmitEvent) => void, newSite: (e: SubmitEvent) => void) {
    const st = this.#settings;
    const { t, lang } = this.host;
    return html`
      <form class="card" @submit=${saveOrigins}>
        <label for="origins"><strong>${t('allowedOrigins')}</strong></label>
        <textarea id="origins" name="origins" style="min-height:100px" .value=${live(this.#origins ?? (st?.origins ?? []).join('\n'))}
          @input=${(e: Event) => (this.#origins = (e.target as HTMLTextAreaElement).value)}></textarea>
        <button class="primary" type="submit">${t('saveOrigins')}</button>
      </form>
      <section class="card">
        <h2>${t('writeKeys')}</h2>
        <ul>${(st?.keys ?? []).map((k) => html`<li><code>${k.prefix}…</code> <span class="muted">${fmtTime(k.createdAt, lang)}</span></li>`)}</ul>
        ${this.#newKey ? html`<p role="status">${t('writeKeyOnce')} <code>${this.#newKey}</code></p>` : nothing}
        <button @click=${() => void this.createWriteKey()}>${t('newWriteKey')}</button>
      </section>
      <form class="card" @submit=${newSite}>
        <h2>${t('newSite')}</h2>
        <label class="field">${t('siteId')} <input name="id" required maxlength="64" /></label>
        <label class="field">${t('siteName')} <input name="name" /></label>
        <button class="primary" type="submit">${t('create')}</button>
      </form>`;
  }
}
