// The People tab: everyone's own API tokens (shown once); for admins, the people of this server: invite by link,
// change a role, disable an account.
import { html, nothing } from 'lit';
import type { Role } from '@nudge/server/api';
import type { ApiToken, User } from '../api.js';
import { resetSent } from '../edits-since-save.js';
import { fmtTime } from '../format.js';
import type { ConsoleHost, TabView } from './host.js';
import { SummariesSection } from './summaries-section.js';

export type PeopleHost = Pick<
  ConsoleHost,
  'requestUpdate' | 'lang' | 't' | 'client' | 'sayDone' | 'clearIssues' | 'fail' | 'can' | 'person'
>;

const ROLES: Role[] = ['viewer', 'editor', 'publisher', 'admin'];

export class PeopleTab implements TabView {
  #users: User[] = [];
  #tokens: ApiToken[] = [];
  /** An invitation link or a token just made: shown this once. */
  #once: { kind: 'invite' | 'token'; text: string } | null = null;
  readonly #summaries: SummariesSection;

  constructor(private readonly host: PeopleHost) {
    this.#summaries = new SummariesSection(host);
  }

  async load(): Promise<void> {
    const client = this.host.client!;
    const [users, tokens] = await Promise.all([
      this.host.can('admin') ? client.users() : Promise.resolve({ users: [] }),
      client.tokens(),
    ]);
    this.#users = users.users;
    this.#tokens = tokens.tokens;
    await this.#summaries.load();
    this.host.requestUpdate();
  }

  leave(): void {
    this.#once = null;
    this.#summaries.leave();
  }

  private async run(task: () => Promise<void>) {
    this.host.clearIssues();
    try {
      await task();
      await this.load();
    } catch (e) {
      this.host.fail(e);
    }
  }

  private roleSelect(name: string, value: Role, label: string, onChange?: (r: Role) => void) {
    const t = this.host.t;
    return html`<select name=${name} aria-label=${label} @change=${(e: Event) => onChange?.((e.target as HTMLSelectElement).value as Role)}>
      ${ROLES.map((r) => html`<option value=${r} ?selected=${r === value}>${t(`role_${r}`)}</option>`)}
    </select>`;
  }

  render() {
    const { t, lang } = this.host;
    const form = (e: SubmitEvent) => new FormData(e.target as HTMLFormElement);
    const invite = (e: SubmitEvent) => {
      e.preventDefault();
      // read now: after an await the event's target is gone (retargeted out of the shadow root)
      const el = e.target as HTMLFormElement;
      const d = form(e);
      void this.run(async () => {
        const r = await this.host.client!.invite(String(d.get('email') ?? ''), String(d.get('role')) as Role);
        this.#once = { kind: 'invite', text: r.inviteUrl };
        resetSent(el, d);
      });
    };
    const newToken = (e: SubmitEvent) => {
      e.preventDefault();
      const el = e.target as HTMLFormElement;
      const d = form(e);
      void this.run(async () => {
        const r = await this.host.client!.createToken(String(d.get('name') ?? ''), String(d.get('role')) as Role);
        this.#once = { kind: 'token', text: r.token };
        resetSent(el, d);
      });
    };
    const once = this.#once;
    return html`
      ${once ? html`<p class="card" role="status">${t(once.kind === 'invite' ? 'inviteOnce' : 'tokenOnce')} <code>${once.text}</code></p>` : nothing}
      ${
        this.host.can('admin')
          ? html`<section class="card" aria-labelledby="people-h"><h2 id="people-h">${t('people')}</h2>
          <table><thead><tr><th>${t('email')}</th><th>${t('role')}</th><th>${t('status')}</th><th>${t('when')}</th></tr></thead>
          <tbody>${this.#users.map(
            (u) => html`<tr><td>${u.email}</td>
              <td>${this.roleSelect(`role-${u.id}`, u.role, `${t('role')}: ${u.email}`, (role) => void this.run(async () => void (await this.host.client!.setUser(u.id, { role }))))}</td>
              <td>${u.disabled ? t('accountDisabled') : u.active ? t('accountActive') : t('accountInvited')}
                <button @click=${() => void this.run(async () => void (await this.host.client!.setUser(u.id, { disabled: !u.disabled })))}>${u.disabled ? t('enableAccount') : t('disableAccount')}</button></td>
              <td>${fmtTime(u.createdAt, lang)}</td></tr>`,
          )}</tbody></table>
          <form class="row" @submit=${invite}>
            <label>${t('email')} <input name="email" type="email" required /></label>
            <label>${t('role')} ${this.roleSelect('role', 'viewer', t('role'))}</label>
            <button class="primary" type="submit">${t('invite')}</button>
          </form></section>`
          : nothing
      }
      <section class="card" aria-labelledby="tokens-h"><h2 id="tokens-h">${t('apiTokens')}</h2>
        <p class="muted">${t('apiTokensHelp')}</p>
        <ul>${this.#tokens.map((k) => html`<li><code>${k.prefix}…</code> ${k.name} · ${t(`role_${k.role}`)} <span class="muted">${fmtTime(k.createdAt, lang)}</span></li>`)}</ul>
        <form class="row" @submit=${newToken}>
          <label>${t('tokenName')} <input name="name" required maxlength="100" /></label>
          <label>${t('role')} ${this.roleSelect('role', 'viewer', t('role'))}</label>
          <button type="submit">${t('newToken')}</button>
        </form>
      </section>
      ${this.#summaries.render()}`;
  }
}
