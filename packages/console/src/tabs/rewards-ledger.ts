// The referral ledger's views: filters (status, stage, person), rewards with approve or reject, one referrer's friends.
import { html, nothing } from 'lit';
import type { LedgerEntry, LedgerFilter, LedgerStage } from '../api.js';
import { fmtTime } from '../format.js';
import type { ConsoleHost } from './host.js';

type Host = Pick<ConsoleHost, 't' | 'lang' | 'can'>;

const STATUSES = ['pending', 'approved', 'issued', 'rejected'] as const;
const STAGES = ['friend_signup', 'friend_first_order'] as const;

export interface LedgerState {
  entries: LedgerEntry[];
  status: LedgerFilter;
  stage: LedgerStage;
  person: string;
}

export interface LedgerActions {
  filter(f: Partial<Pick<LedgerState, 'status' | 'stage' | 'person'>>): void;
  approve(e: LedgerEntry): void;
  reject(e: LedgerEntry, form: HTMLFormElement): void;
}

const money = (e: Pick<LedgerEntry, 'amount' | 'currency'>) => `${e.amount}${e.currency ? ` ${e.currency}` : ''}`;

/** Sums per currency ("40 USD + 5 EUR"): amounts in two currencies are not added. */
const total = (entries: LedgerEntry[]) => {
  const by = new Map<string, number>();
  for (const e of entries) by.set(e.currency ?? '', (by.get(e.currency ?? '') ?? 0) + e.amount);
  return [...by].map(([currency, amount]) => money({ amount, currency: currency || null })).join(' + ') || '0';
};

/** The person's friends (those they invited) with each friend's rewards, and what the person was granted. */
export function referrerView(s: LedgerState, host: Host) {
  const { t } = host;
  const mine = s.entries.filter((e) => e.inviter === s.person);
  const friends = [...new Set(mine.map((e) => e.friend))];
  const toThem = s.entries.filter((e) => e.recipient === s.person && e.status !== 'rejected');
  return html`<section class="card" aria-labelledby="referrer-h" id="referrer">
    <h3 id="referrer-h">${t('showPerson', { p: s.person })}</h3>
    <p>${t('inviter')}: ${total(toThem)}</p>
    <ul>${friends.map((f) => {
      const theirs = mine.filter((e) => e.friend === f);
      return html`<li><code>${f}</code>: ${theirs.map(
        (e) => html`${t(`stage_${e.stage}`)} → ${t(e.role === 'friend' ? 'friend' : 'inviter')} ${money(e)}
          (${t(`ledger_${e.status}`)}); `,
      )}</li>`;
    })}</ul>
  </section>`;
}

export function ledgerView(s: LedgerState, host: Host, on: LedgerActions) {
  const { t, lang } = host;
  const canDecide = host.can('publisher');
  const pick = (e: Event) => (e.target as HTMLSelectElement).value;
  const person = (p: string) =>
    html`<button type="button" title=${t('showPerson', { p })} @click=${() => on.filter({ person: p })}><code>${p}</code></button>`;
  return html`<section class="card" aria-labelledby="ledger-h">
    <h2 id="ledger-h">${t('ledger')}</h2>
    <form class="row" @submit=${(e: Event) => {
      e.preventDefault();
      on.filter({ person: new FormData(e.currentTarget as HTMLFormElement).get('person')?.toString().trim() ?? '' });
    }}>
      <label>${t('ledgerPerson')} <input name="person" maxlength="300" placeholder="u:customer-42" .value=${s.person} /></label>
      <button type="submit">${t('ledgerFind')}</button>
      ${s.person ? html`<button type="button" @click=${() => on.filter({ person: '' })}>${t('allPeople')}</button>` : nothing}
    </form>
    <div class="row">
      <label>${t('ledgerShow')}
        <select @change=${(e: Event) => on.filter({ status: (pick(e) || undefined) as LedgerFilter })}>
          <option value="" ?selected=${!s.status}>${t('ledgerAll')}</option>
          ${STATUSES.map((x) => html`<option value=${x} ?selected=${s.status === x}>${t(`ledger_${x}`)}</option>`)}
        </select>
      </label>
      <label>${t('ledgerStageFilter')}
        <select @change=${(e: Event) => on.filter({ stage: (pick(e) || undefined) as LedgerStage })}>
          <option value="" ?selected=${!s.stage}>${t('ledgerAnyStage')}</option>
          ${STAGES.map((x) => html`<option value=${x} ?selected=${s.stage === x}>${t(`stage_${x}`)}</option>`)}
        </select>
      </label>
    </div>
    ${s.person && s.entries.length ? referrerView(s, host) : nothing}
    ${
      s.entries.length
        ? html`<table><thead><tr><th>${t('ledgerStage')}</th><th>${t('ledgerRecipient')}</th><th>${t('friend')}</th>
          <th class="num">${t('amount')}</th><th>${t('ledgerStatus')}</th><th>${t('ledgerWhen')}</th><th><span class="sr-only">${t('ledgerActions')}</span></th></tr></thead>
          <tbody>${s.entries.map(
            (e) => html`<tr>
            <td>${t(`stage_${e.stage}`)} <span class="muted">(${t(e.role === 'friend' ? 'friend' : 'inviter')})</span></td>
            <td>${person(e.recipient)}</td><td><code>${e.friend}</code></td>
            <td class="num">${money(e)}</td>
            <td>${t(`ledger_${e.status}`)}${e.reason ? html`<div class="muted">${e.reason}</div>` : nothing}
              ${e.code ? html`<div><code>${e.code}</code></div>` : nothing}</td>
            <td>${fmtTime(e.createdAt, lang)}</td>
            <td>${
              e.status === 'pending' && canDecide
                ? html`<button type="button" @click=${() => on.approve(e)}>${t('approve')}</button>`
                : nothing
            }
            ${
              (e.status === 'pending' || e.status === 'approved') && canDecide
                ? html`<form class="row" @submit=${(ev: Event) => {
                    ev.preventDefault();
                    on.reject(e, ev.currentTarget as HTMLFormElement);
                  }}>
                  <label class="sr-only" for=${`why-${e.id}`}>${t('rejectReason')}</label>
                  <input id=${`why-${e.id}`} name="reason" required maxlength="200" placeholder=${t('rejectReason')} />
                  <button type="submit">${t('reject')}</button></form>`
                : nothing
            }</td></tr>`,
          )}</tbody></table>`
        : html`<p class="muted" role="status">${t('ledgerEmpty')}</p>`
    }
  </section>`;
}
