// The person's own summaries (shown in People): which sites, daily and/or weekly, by email and/or a signed webhook,
// and what was sent lately.
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { ApiError, type SiteSummary, type Summaries } from '../api.js';
import { afterSave } from '../edits-since-save.js';
import { fmtTime } from '../format.js';
import { emailLocaleNames, emailWord } from '../i18n/email-words.js';
import { savedWords } from '../i18n/saved-words.js';
import type { ConsoleHost } from './host.js';

export type SummariesHost = Pick<
  ConsoleHost,
  'requestUpdate' | 'lang' | 't' | 'client' | 'sayDone' | 'clearIssues' | 'fail' | 'person'
>;

interface Draft {
  email: boolean;
  webhookUrl: string;
  secret: string;
  sites: Record<string, { daily: boolean; weekly: boolean }>;
}

export class SummariesSection {
  #sites: SiteSummary[] = [];
  #data: Summaries | null = null;
  #draft: Draft | null = null;
  /** signed in with the admin token: it is nobody, and has no summaries */
  #nobody = false;
  #secret: string | null = null;

  constructor(private readonly host: SummariesHost) {}

  async load(): Promise<void> {
    const client = this.host.client!;
    // the server would refuse the admin token (400 not_a_person), an error logged in the browser on every visit
    if (!this.host.person) {
      this.#nobody = true;
      return this.host.requestUpdate();
    }
    try {
      const [sites, data] = await Promise.all([client.sites(), client.summaries()]);
      this.#sites = sites.sites;
      this.#data = data;
      this.#nobody = false;
      const s = data.settings;
      this.#draft = {
        email: s.email,
        webhookUrl: s.webhook?.url ?? '',
        secret: '',
        sites: Object.fromEntries(s.sites.map((x) => [x.site, { daily: x.daily, weekly: x.weekly }])),
      };
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_a_person') this.#nobody = true;
      else throw e;
    }
    this.host.requestUpdate();
  }

  leave(): void {
    this.#secret = null;
  }

  private async save() {
    const d = this.#draft!;
    // the form edits `d` in place, so what is sent is a copy: edits made while the save is on its way stay in `d`
    const sent = structuredClone(d);
    const { t } = this.host;
    this.host.clearIssues();
    try {
      const url = d.webhookUrl.trim();
      const r = await this.host.client!.setSummaries({
        email: d.email,
        webhook: url ? { url, ...(d.secret.trim() ? { secret: d.secret.trim() } : {}) } : null,
        sites: Object.entries(d.sites)
          .filter(([, v]) => v.daily || v.weekly)
          .map(([site, v]) => ({ site, daily: v.daily, weekly: v.weekly })),
        // the emails speak the language the person chose for the console
        locale: this.host.lang,
      });
      this.#secret = 'secret' in r && typeof r.secret === 'string' ? r.secret : null;
      await this.load();
      const { draft, newer } = afterSave(sent, d, this.#draft!);
      this.#draft = draft;
      this.host.sayDone(savedWords(this.host.lang, t('summariesSaved'), newer.length > 0));
      this.host.requestUpdate();
    } catch (e) {
      this.host.fail(e);
    }
  }

  /** Which language the emails are in; saving puts them in the console's (a person who never saved has English). */
  private languageNote() {
    const { lang } = this.host;
    const now = this.#data?.settings.locale ?? 'en';
    const c = emailLocaleNames[lang];
    return now === lang
      ? emailWord(lang, 'summariesIn', { l: c })
      : emailWord(lang, 'summariesSwitch', { l: emailLocaleNames[now], c });
  }

  render() {
    const { t, lang } = this.host;
    if (this.#nobody)
      return html`<section class="card" aria-labelledby="summaries-h"><h2 id="summaries-h">${t('summariesTitle')}</h2>
        <p class="muted">${t('summariesNotAPerson')}</p></section>`;
    const d = this.#draft;
    if (!d) return nothing;
    const pick = (site: string, which: 'daily' | 'weekly', on: boolean) => {
      d.sites[site] = { ...(d.sites[site] ?? { daily: false, weekly: false }), [which]: on };
      this.host.requestUpdate();
    };
    const sent = this.#data?.sent ?? [];
    return html`<section class="card" aria-labelledby="summaries-h"><h2 id="summaries-h">${t('summariesTitle')}</h2>
      <p class="muted">${t('summariesHelp')}</p>
      ${this.#secret ? html`<p role="status">${t('summariesSecretOnce')} <code>${this.#secret}</code></p>` : nothing}
      <form id="summaries" @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.save();
      }}>
        <div class="row">
          <label><input type="checkbox" name="email" .checked=${live(d.email)}
            @change=${(e: Event) => (d.email = (e.target as HTMLInputElement).checked)} /> ${t('summariesEmail')}</label>
        </div>
        <p class="muted" id="summaries-language">${this.languageNote()}</p>
        <div class="row">
          <label>${t('summariesWebhook')} <input name="webhook" type="url" .value=${live(d.webhookUrl)}
            @input=${(e: Event) => (d.webhookUrl = (e.target as HTMLInputElement).value)} /></label>
          <label>${t('summariesSecret')} <input name="secret" type="password" autocomplete="off" minlength="16" .value=${live(d.secret)}
            @input=${(e: Event) => (d.secret = (e.target as HTMLInputElement).value)} /></label>
        </div>
        <table><thead><tr><th>${t('summariesSite')}</th><th>${t('summariesDaily')}</th><th>${t('summariesWeekly')}</th></tr></thead>
        <tbody>${this.#sites.map(
          (s) => html`<tr><td>${s.name || s.id}</td>
            ${(['daily', 'weekly'] as const).map(
              (which) => html`<td><input type="checkbox" .checked=${live(d.sites[s.id]?.[which] ?? false)}
                aria-label=${`${t(which === 'daily' ? 'summariesDaily' : 'summariesWeekly')}: ${s.name || s.id}`}
                @change=${(e: Event) => pick(s.id, which, (e.target as HTMLInputElement).checked)} /></td>`,
            )}</tr>`,
        )}</tbody></table>
        <button class="primary" type="submit">${t('summariesSave')}</button>
      </form>
      <h3>${t('summariesSent')}</h3>
      ${
        sent.length
          ? html`<table id="summaries-sent"><thead><tr><th>${t('summariesSite')}</th><th>${t('summariesPeriod')}</th><th>${t('when')}</th><th>${t('status')}</th></tr></thead>
          <tbody>${sent.map(
            (
              x,
            ) => html`<tr><td>${x.site}</td><td>${t(x.period === 'daily' ? 'summariesPeriodDaily' : 'summariesPeriodWeekly')}</td>
              <td>${fmtTime(x.from, lang)}</td><td>${t(`summariesStatus_${x.status}`)}${x.detail ? html` <span class="muted">${x.detail}</span>` : nothing}</td></tr>`,
          )}</tbody></table>`
          : html`<p class="muted">${t('summariesNoneSent')}</p>`
      }
    </section>`;
  }
}
