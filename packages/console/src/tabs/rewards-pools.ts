// The Rewards tab's pool views: each pool's codes (a warning when low), a new pool, and a CSV import with bad lines named.
import type { NudgeConfig } from '@nudge/core';
import { html, nothing } from 'lit';
import type { ApiIssue, CouponPool } from '../api.js';
import type { ConsoleHost } from './host.js';

type T = ConsoleHost['t'];

export function poolsTable(pools: CouponPool[], t: T) {
  return html`<section class="card" aria-labelledby="pools-h">
    <h2 id="pools-h">${t('couponPools')}</h2>
    ${
      pools.length
        ? html`<table><thead><tr><th>${t('pool')}</th><th>${t('widget')}</th><th class="num">${t('remaining')}</th>
          <th class="num">${t('issued')}</th><th class="num">${t('redeemed')}</th><th class="num">${t('expired')}</th></tr></thead>
          <tbody>${pools.map(
            (p) => html`<tr><td><code>${p.id}</code> ${p.name !== p.id ? p.name : nothing}
              ${p.low ? html`<div class="warn" role="status">${t('poolLow', { n: p.remaining })}</div>` : nothing}</td>
            <td>${p.widget ?? t('anyWidget')}${p.experiment ? html`<div class="muted">${p.experiment}: ${p.variant}</div>` : nothing}</td><td class="num">${p.remaining}</td><td class="num">${p.issued}</td>
            <td class="num">${p.redeemed}</td><td class="num">${p.expired}</td></tr>`,
          )}</tbody></table>`
        : html`<p class="muted">${t('noPools')}</p>`
    }
  </section>`;
}

/** `csv.3` (the server's path for the file's third line) in words: "line 3". */
const lineOf = (path: string, t: T) => {
  const n = /^csv\.(\d+)$/.exec(path)?.[1];
  return n ? t('importLine', { n }) : path;
};

/**
 * The variants a pool can be bound to: each variant of an experiment that patches a coupon popup, as
 * `widget|experiment|variant` (the server checks it again against the config in force).
 */
export function variantChoices(config: NudgeConfig | null) {
  const popups = (config?.widgets ?? []).filter((w) => w.type === 'coupon-popup').map((w) => w.id);
  return (config?.experiments ?? []).flatMap((e) =>
    popups
      .filter((w) => e.variants.some((v) => v.patch?.[w]))
      .flatMap((w) => e.variants.map((v) => ({ value: `${w}|${e.key}|${v.key}`, label: `${w} · ${e.key}: ${v.key}` }))),
  );
}

/** A new pool and a CSV import: publishers' work (the API refuses the others). */
export function poolForms(
  pools: CouponPool[],
  t: T,
  importIssues: ApiIssue[],
  config: NudgeConfig | null,
  on: { create(form: HTMLFormElement): void; import(form: HTMLFormElement): void },
) {
  return html`<form class="card" aria-labelledby="new-pool-h" @submit=${(e: Event) => {
    e.preventDefault();
    on.create(e.currentTarget as HTMLFormElement);
  }}>
      <h2 id="new-pool-h">${t('newPool')}</h2>
      <label class="field">${t('poolId')} <input name="id" required maxlength="64" pattern="[A-Za-z0-9_\\-]+" /></label>
      <label class="field">${t('poolKind')}
        <select name="kind"><option value="generated">${t('poolGenerated')}</option><option value="imported">${t('poolImported')}</option></select>
      </label>
      <label class="field">${t('widget')} <input name="widget" maxlength="100" placeholder=${t('anyWidget')} /></label>
      <label class="field">${t('poolVariant')}
        <select name="variant" aria-describedby="pool-variant-note"><option value="">${t('poolNoVariant')}</option>
          ${variantChoices(config).map((c) => html`<option value=${c.value}>${c.label}</option>`)}</select>
      </label>
      <p class="muted" id="pool-variant-note">${t('poolVariantNote')}</p>
      <label class="field">${t('poolPrefix')} <input name="prefix" maxlength="16" pattern="[A-Za-z0-9_\\-]*" /></label>
      <label class="field">${t('poolCount')} <input name="count" type="number" min="1" max="100000" /></label>
      <button class="primary" type="submit">${t('create')}</button>
    </form>
    ${
      pools.length
        ? html`<form class="card" aria-labelledby="import-h" @submit=${(e: Event) => {
            e.preventDefault();
            on.import(e.currentTarget as HTMLFormElement);
          }}>
          <h2 id="import-h">${t('importCodes')}</h2>
          <p class="muted">${t('importNote')}</p>
          <label class="field">${t('pool')}
            <select name="pool">${pools.map((p) => html`<option value=${p.id}>${p.id}</option>`)}</select>
          </label>
          <label class="field">${t('csvFile')} <input name="csv" type="file" accept=".csv,text/csv,text/plain" required /></label>
          ${
            importIssues.length
              ? html`<div class="field-error" id="import-issues" role="alert">${t('importLineIssues')}
                <ul>${importIssues.map((i) => html`<li>${lineOf(i.path, t)}: ${i.message}</li>`)}</ul></div>`
              : nothing
          }
          <button type="submit">${t('importCodes')}</button>
        </form>`
        : nothing
    }`;
}
