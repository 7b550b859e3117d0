// Which role a tab needs to be of use: tabs a role cannot use are left out of the nav, and their URLs say which role
// they need (the API refuses the requests anyway; this keeps a viewer from a page of refusals).
import { html, type TemplateResult } from 'lit';
import type { Role } from '@nudge/server/api';
import type { MessageKey } from '../i18n.js';
import type { ConsoleHost, Tab } from './host.js';

/**
 * Site settings change origins, keys and sites (admin). People & tokens is for everyone: each person's own API tokens
 * (never above their role) and daily and weekly summaries, with the people of the server for admins only. Every other
 * tab is reading first, for anyone signed in.
 */
export const TAB_ROLES: Partial<Record<Tab, Role>> = { settings: 'admin' };

type Can = ConsoleHost['can'];

export const tabAllowed = (tab: Tab, can: Can) => {
  const role = TAB_ROLES[tab];
  return !role || can(role);
};

/** The nav's entries the person can use. */
export const visibleTabs = (tabs: readonly [Tab, MessageKey][], can: Can) =>
  tabs.filter(([tab]) => tabAllowed(tab, can));

/** In place of a tab opened by its URL without the role: a plain sentence naming the role; undefined when allowed. */
export function needsRoleView(tab: Tab, can: Can, t: ConsoleHost['t']): TemplateResult | undefined {
  const role = TAB_ROLES[tab];
  if (!role || can(role)) return undefined;
  return html`<section class="card" id="needs-role"><p role="status">${t('needsRole', { r: t(`role_${role}`) })}</p></section>`;
}
