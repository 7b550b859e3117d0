// The Rewards tab's reward settings (admins only, as the API): the code webhook, lead delivery, the referral program and
// the next-order reward, each a form saved on its own with the server's issues beside their inputs.
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ApiError, type ApiIssue, type CouponPool, type RewardSettings } from '../api.js';
import { issueWords, rsw, type RewardSettingsWord } from '../i18n/reward-settings-words.js';
import type { ConsoleHost } from './host.js';
import type { TocLink } from './rewards-toc.js';
import {
  bodyOf,
  changed,
  draftOf,
  FIELDS,
  FORMS,
  placeIssues,
  STAGES,
  type Draft,
  type FormName,
} from './reward-settings-fields.js';
import { problemsOf, type Problem } from './reward-settings-rules.js';
import { afterSave } from '../edits-since-save.js';

export type RewardSettingsHost = Pick<ConsoleHost, 'requestUpdate' | 'lang' | 'client' | 'site' | 'config'>;

interface FormState {
  busy: boolean;
  /** By word, so it follows the language picked after it was said; `m` is the server's message. */
  status: { kind: 'ok' | 'error'; word: RewardSettingsWord; m?: string } | null;
  issues: ApiIssue[];
  /** The draft the server's issues are about: an input's issue stands only while its value is still the one refused. */
  sent: Draft | null;
  /** Which stage each index of the last body's `referral.stages` was. */
  stageOrder: string[];
  /** A webhook secret the server made on the last save: shown once, here, until the next save. */
  secret?: string | undefined;
}

const fresh = (): FormState => ({ busy: false, status: null, issues: [], sent: null, stageOrder: [] });
const idOf = (name: string) => `rs-${name.replaceAll('.', '-')}`;
type Choice = { value: string; label: string };
/** A select's options: none first, then `items`, then the stored value when it is no longer one of them. */
const choices = (none: string, items: Choice[], stored: string | undefined): Choice[] => [
  { value: '', label: none },
  ...items,
  ...(stored && !items.some((c) => c.value === stored) ? [{ value: stored, label: stored }] : []),
];

export class RewardSettingsSection {
  #settings: RewardSettings | null = null;
  #drafts = Object.fromEntries(FORMS.map((f) => [f, draftOf(f, null)])) as Record<FormName, Draft>;
  #state = Object.fromEntries(FORMS.map((f) => [f, fresh()])) as Record<FormName, FormState>;

  constructor(private readonly host: RewardSettingsHost) {}

  siteChanged(): void {
    this.#settings = null;
    for (const f of FORMS) [this.#drafts[f], this.#state[f]] = [draftOf(f, null), fresh()];
  }

  /** Edits not saved yet. */
  unsaved(): boolean {
    return FORMS.some((f) => changed(f, this.#drafts[f], this.#settings));
  }

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client || !site) return;
    const next = await client.rewardSettings(site);
    // the tab reloads after each of its actions: a form being edited keeps its edits
    for (const f of FORMS) if (!changed(f, this.#drafts[f], this.#settings)) this.#drafts[f] = draftOf(f, next);
    this.#settings = next;
  }

  /** In-page links to the section and its forms, once it is shown (it renders nothing until the settings load). */
  toc(): TocLink[] {
    if (!this.#settings) return [];
    const w = this.#w;
    const part = (id: string, label: string) => ({ id: `rs-${id}-h`, label });
    const children = [
      part('codeWebhook', w('codeWebhook')),
      part('leads', w('leads')),
      part('referral', w('referral')),
      part('nextOrder', w('nextOrder')),
    ];
    return [{ id: 'rs-h', label: w('title'), children }];
  }

  #w = (key: RewardSettingsWord, params?: Record<string, string>) => rsw(this.host.lang, key, params);

  #set(form: FormName, name: string, value: string | boolean) {
    this.#drafts[form] = { ...this.#drafts[form], [name]: value };
    this.host.requestUpdate();
  }

  async #save(form: FormName, el: HTMLFormElement) {
    const { client, site } = this.host;
    const st = this.#state[form];
    // Save is disabled then, but a form can be submitted without it: nothing changed is nothing to save
    if (!client || st.busy || !changed(form, this.#drafts[form], this.#settings)) return;
    // Enter in an input submits even when Save is disabled by a problem: the first one takes the focus instead
    if (Object.keys(this.#problems(form)).length) return this.#focusAfter(form, el);
    const sent = this.#drafts[form];
    const { body, stageOrder } = bodyOf(form, sent);
    this.#state[form] = { ...fresh(), busy: true, stageOrder, status: { kind: 'ok', word: 'saving' } };
    this.host.requestUpdate();
    try {
      const out = await client.saveRewardSettings(site, body);
      // another site was picked meanwhile: the answer is not about what is shown
      if (this.host.site !== site) return;
      // a form not being edited follows what the save changed (removing email removes double opt-in too)
      for (const f of FORMS) if (!changed(f, this.#drafts[f], this.#settings)) this.#drafts[f] = draftOf(f, out);
      this.#settings = out;
      // an input typed into while the save was on its way keeps what was typed (the answer is about the older value)
      const { draft, newer } = afterSave(sent, this.#drafts[form], draftOf(form, out));
      this.#drafts[form] = draft;
      const secret = form === 'codeWebhook' ? out.secret : form === 'leadWebhook' ? out.leadSecret : undefined;
      this.#state[form] = { ...fresh(), secret, status: { kind: 'ok', word: newer.length ? 'savedNewer' : 'saved' } };
    } catch (e) {
      const issues = e instanceof ApiError ? e.issues : [];
      const status = issues.length
        ? ({ kind: 'error', word: 'fixFields' } as const)
        : ({ kind: 'error', word: 'failed', m: e instanceof Error ? e.message : String(e) } as const);
      if (this.host.site !== site) return;
      this.#state[form] = { ...fresh(), stageOrder, issues, sent, status };
    }
    this.host.requestUpdate();
    this.#focusAfter(form, el);
  }

  /**
   * After a save: the first refused input takes the focus; a Save button that is disabled now (nothing left to save)
   * would drop it to the page, so the form's status takes it instead.
   */
  #focusAfter(form: FormName, el: HTMLFormElement) {
    setTimeout(() => {
      const bad = FIELDS[form].find((f) => this.#errorAt(form, f));
      const active = (el.getRootNode() as ShadowRoot | Document).activeElement as HTMLButtonElement | null;
      const target = bad ? `#${idOf(bad)}` : !active || active.disabled ? `#rs-${form}-status` : '';
      if (target) el.querySelector<HTMLElement>(target)?.focus();
    });
  }

  /** One labelled input: its help, and the server's issue about it (aria-invalid, described by both). */
  #field(
    form: FormName,
    name: string,
    label: string,
    o: { type?: string; help?: string; choices?: Choice[]; autocomplete?: string } = {},
  ) {
    const id = idOf(name);
    const bad = this.#errorAt(form, name);
    const described = [o.help ? `${id}-help` : '', bad ? `${id}-err` : ''].filter(Boolean).join(' ');
    const value = this.#drafts[form][name];
    const common = { id, described: described || nothing, invalid: bad ? 'true' : 'false' };
    const help = o.help ? html`<span class="field-help muted" id="${id}-help">${o.help}</span>` : nothing;
    const err = bad
      ? html`<span class="field-error" id="${id}-err">${bad.map((i) => issueWords(this.host.lang, i, label)).join(' ')}</span>`
      : nothing;
    if (o.type === 'checkbox')
      return html`<div class="field"><span></span><label><input id=${common.id} type="checkbox" name=${name}
          aria-describedby=${common.described} aria-invalid=${common.invalid} .checked=${live(value === true)}
          @change=${(e: Event) => this.#set(form, name, (e.target as HTMLInputElement).checked)} /> ${label}</label>
        ${help} ${err}</div>`;
    const input = o.choices
      ? // ?selected picks the option on first render (before the options exist .value finds none); .value keeps the
        // select on the draft afterwards (a picked option no longer follows its selected attribute)
        html`<select id=${common.id} name=${name} aria-describedby=${common.described} aria-invalid=${common.invalid}
          .value=${live(String(value ?? ''))} @change=${(e: Event) => this.#set(form, name, (e.target as HTMLSelectElement).value)}>
          ${o.choices.map((c) => html`<option value=${c.value} ?selected=${c.value === value}>${c.label}</option>`)}
        </select>`
      : html`<input id=${common.id} name=${name} type=${o.type ?? 'text'} aria-describedby=${common.described}
          aria-invalid=${common.invalid} autocomplete=${o.autocomplete ?? 'off'} step=${o.type === 'number' ? 'any' : nothing} .value=${live(String(value ?? ''))}
          @input=${(e: Event) => this.#set(form, name, (e.target as HTMLInputElement).value)} />`;
    return html`<div class="field"><label for=${id}>${label}</label>${input} ${help} ${err}</div>`;
  }

  #placed(form: FormName) {
    const st = this.#state[form];
    return placeIssues(st.issues, FIELDS[form], st.stageOrder);
  }

  /** What is wrong with each input's current value, by the form's own checks. */
  #problems(form: FormName): Record<string, Problem> {
    return problemsOf(form, FIELDS[form], this.#drafts[form], draftOf(form, this.#settings));
  }

  /**
   * The input's errors now: the form's own check of its value, else the server's issues while the value is still the
   * one it refused (a value put back to a good one, or changed at all, drops them until the next save).
   */
  #errorAt(form: FormName, name: string): (Problem | ApiIssue)[] | undefined {
    const own = this.#problems(form)[name];
    if (own) return [own];
    const st = this.#state[form];
    const server = this.#placed(form).at[name];
    return server && st.sent && st.sent[name] === this.#drafts[form][name] ? server : undefined;
  }

  /** A write-only secret: whether one is stored, and that an empty field keeps it. */
  #secret(form: FormName, name: string, label: string, isSet: boolean, setWord: RewardSettingsWord) {
    const secret = name.endsWith('secret');
    const help = [
      isSet ? this.#w(setWord) : secret ? this.#w('noSecret') : '',
      secret ? this.#w('secretLength') : '',
      isSet ? this.#w(secret ? 'secretHelp' : 'passwordHelp') : '',
    ]
      .filter(Boolean)
      .join(' ');
    return this.#field(form, name, label, { type: 'password', help, autocomplete: 'new-password' });
  }

  /**
   * A form with its heading (h3, or h4 inside Lead delivery), Save (disabled until something changed) and its status,
   * announced. Its heading takes the focus from the tab's in-page links.
   */
  #form(form: FormName, title: string, note: string, body: TemplateResult, sub = false) {
    const st = this.#state[form];
    const rest = this.#placed(form).rest;
    const marked = FIELDS[form].some((f) => this.#errorAt(form, f));
    // "correct the fields marked" while none is marked any more would send the person looking for nothing
    const status = st.status?.word === 'fixFields' && !marked && !rest.length ? null : st.status;
    const invalid = Object.keys(this.#problems(form)).length > 0;
    const heading = sub
      ? html`<h4 id="rs-${form}-h" tabindex="-1">${title}</h4>`
      : html`<h3 id="rs-${form}-h" tabindex="-1">${title}</h3>`;
    return html`<form class="card" novalidate aria-labelledby="rs-${form}-h" @submit=${(e: Event) => {
      e.preventDefault();
      void this.#save(form, e.currentTarget as HTMLFormElement);
    }}>
      ${heading}
      ${note ? html`<p class="muted">${note}</p>` : nothing}
      ${body}
      <div class="row">
        <button class="primary" type="submit" ?disabled=${st.busy || invalid || !changed(form, this.#drafts[form], this.#settings)}>
          ${this.#w('save')}</button>
        <p role="status" id="rs-${form}-status" tabindex="-1" class=${status?.kind === 'error' ? 'field-error' : ''}>${status ? this.#w(status.word, { m: status.m ?? '' }) : ''}
          ${rest.map((i) => html` ${issueWords(this.host.lang, i, i.path || '(document)')}`)}</p>
      </div>
      ${st.secret ? html`<p class="notice ok">${this.#w('newSecret')} <code>${st.secret}</code></p>` : nothing}
    </form>`;
  }

  render(pools: readonly CouponPool[]) {
    const s = this.#settings;
    // until the stored values arrive the forms would say "no secret" and reflow when they land: shown once loaded
    if (!s) return nothing;
    const w = this.#w;
    const poolChoices = (stored: string | undefined, none: string) =>
      choices(
        none,
        pools.map((p) => ({ value: p.id, label: p.name && p.name !== p.id ? `${p.id} (${p.name})` : p.id })),
        stored,
      );
    const widgetChoices = choices(
      w('noWidget'),
      // only a coupon popup shows a claimed code (the server refuses any other widget)
      (this.host.config?.widgets ?? [])
        .filter((x) => x.type === 'coupon-popup')
        .map((x) => ({ value: x.id, label: x.id })),
      s.nextOrder?.widget,
    );
    const hook = (form: 'codeWebhook' | 'leadWebhook', base: string, isSet: boolean) =>
      html`${this.#field(form, `${base}.url`, w('url'), { type: 'url', help: w('urlHelp') })}
      ${this.#secret(form, `${base}.secret`, w('secret'), isSet, 'secretSet')}
      ${this.#field(form, `${base}.timeoutMs`, w('timeout'), { type: 'number', help: w('timeoutHelp') })}`;
    const num = (form: FormName, name: string, label: string, help?: string) =>
      this.#field(form, name, label, { type: 'number', ...(help ? { help } : {}) });
    const referralOn = this.#drafts.referral['referral.on'] === true;
    const nextOn = !!this.#drafts.nextOrder['nextOrder.widget'];
    // widget "none" is no next-order reward: its other inputs are hidden (not sent), and the note says so
    const nextOff = widgetChoices.length > 1 ? w('nextOrderOff') : w('nextOrderNoPopup');
    return html`<section class="card" aria-labelledby="rs-h">
      <h2 id="rs-h">${w('title')}</h2>
      <p class="muted">${w('intro')}</p>
      ${this.#form('codeWebhook', w('codeWebhook'), w('codeWebhookNote'), hook('codeWebhook', 'codeWebhook', !!s.codeWebhook?.secretSet))}
      <section class="card" aria-labelledby="rs-leads-h">
        <h3 id="rs-leads-h" tabindex="-1">${w('leads')}</h3>
        <p class="muted">${w('leadsNote')}</p>
        ${this.#form('leadWebhook', w('leadWebhook'), '', hook('leadWebhook', 'leads.webhook', !!s.leads?.webhook?.secretSet), true)}
        ${this.#form(
          'leadEmail',
          w('smtp'),
          w('smtpNote'),
          html`${this.#field('leadEmail', 'leads.email.host', w('host'))}
          ${num('leadEmail', 'leads.email.port', w('port'), w('portHelp'))}
          ${this.#field('leadEmail', 'leads.email.secure', w('secure'), { type: 'checkbox' })}
          ${this.#field('leadEmail', 'leads.email.user', w('user'))}
          ${this.#secret('leadEmail', 'leads.email.password', w('password'), !!s.leads?.email?.passwordSet, 'passwordSet')}
          ${this.#field('leadEmail', 'leads.email.from', w('from'), { help: w('fromHelp') })}
          ${this.#field('leadEmail', 'leads.email.subject', w('subject'))}`,
          true,
        )}
        ${this.#form(
          'leadOptIn',
          w('doubleOptIn'),
          w('doubleOptInNote'),
          html`${this.#field('leadOptIn', 'leads.doubleOptIn.serverUrl', w('serverUrl'), { type: 'url', help: w('serverUrlHelp') })}
          ${this.#field('leadOptIn', 'leads.doubleOptIn.thanksUrl', w('thanksUrl'), { type: 'url', help: w('thanksUrlHelp') })}`,
          true,
        )}
        ${this.#form('leadRetention', w('keepLeads'), '', num('leadRetention', 'leads.retentionDays', w('retention'), w('retentionHelp')), true)}
      </section>
      ${this.#form(
        'referral',
        w('referral'),
        referralOn ? w('stagesHelp') : w('referralOff'),
        html`${this.#field('referral', 'referral.on', w('referralOn'), { type: 'checkbox' })}
        ${
          referralOn
            ? html`${STAGES.map(
                (st) => html`<fieldset><legend>${w(`stage_${st}`)}</legend>
                  ${num('referral', `referral.stages.${st}.friend`, w('friend'))}
                  ${num('referral', `referral.stages.${st}.inviter`, w('inviter'))}</fieldset>`,
              )}
              ${this.#field('referral', 'referral.currency', w('currency'), { help: w('currencyHelp') })}
              ${num('referral', 'referral.minOrder', w('minOrder'), w('minOrderHelp'))}
              ${num('referral', 'referral.capPerInviterPerMonth', w('cap'), w('capHelp'))}
              ${this.#field('referral', 'referral.onRule', w('onRule'), {
                choices: [
                  { value: 'hold', label: w('hold') },
                  { value: 'reject', label: w('reject') },
                ],
              })}
              ${this.#field('referral', 'referral.review', w('review'), { type: 'checkbox' })}
              ${this.#field('referral', 'referral.pool', w('pool'), {
                choices: poolChoices(s.referral?.pool, w('noPool')),
                help: w('referralPoolHelp'),
              })}
              ${this.#field('referral', 'referral.url', w('shareUrl'), { type: 'url', help: w('shareUrlHelp') })}`
            : nothing
        }`,
      )}
      ${this.#form(
        'nextOrder',
        w('nextOrder'),
        nextOn ? w('nextOrderNote') : `${w('nextOrderNote')} ${nextOff}`,
        html`${this.#field('nextOrder', 'nextOrder.widget', w('widget'), { choices: widgetChoices })}
        ${
          nextOn
            ? html`${this.#field('nextOrder', 'nextOrder.pool', w('pool'), {
                choices: poolChoices(s.nextOrder?.pool, w('noPool')),
                help: w('nextPoolHelp'),
              })}
              ${num('nextOrder', 'nextOrder.minOrder', w('minOrder'), w('nextMinHelp'))}
              ${num('nextOrder', 'nextOrder.capPerAddressPerDay', w('capAddress'), w('capAddressHelp'))}
              ${num('nextOrder', 'nextOrder.capPerSitePerHour', w('capSite'), w('capSiteHelp'))}`
            : nothing
        }`,
      )}
    </section>`;
  }
}
