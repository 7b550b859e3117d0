// Tabs by role: a viewer's nav has no Site settings, and its URL names the role it needs; People & tokens is everyone's.
import { expect, it } from 'vitest';
import { translate } from '../i18n.js';
import { TABS } from '../route.js';
import type { Role } from '@nudge/server/api';
import { needsRoleView, visibleTabs } from './tab-roles.js';

const ORDER: Role[] = ['viewer', 'editor', 'publisher', 'admin'];
const as = (mine: Role) => (need: Role) => ORDER.indexOf(mine) >= ORDER.indexOf(need);
const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p);

it('leaves out of the nav the tabs a role cannot use', () => {
  const names = (r: Role) => visibleTabs(TABS, as(r)).map(([tab]) => tab);
  expect(names('viewer')).not.toContain('settings');
  // their own tokens and summaries: every role has them
  expect(names('viewer')).toContain('people');
  expect(names('viewer')).toContain('results');
  expect(names('viewer')).toContain('install');
  expect(names('editor')).toContain('people');
  expect(names('editor')).not.toContain('settings');
  expect(names('admin')).toEqual(TABS.map(([tab]) => tab));
});

it('says which role a tab opened by its URL needs, and nothing for a tab the person may use', () => {
  expect(needsRoleView('results', as('viewer'), t)).toBeUndefined();
  expect(needsRoleView('settings', as('admin'), t)).toBeUndefined();
  // the template's one value is the sentence (rendered as text)
  expect(needsRoleView('settings', as('viewer'), t)!.values).toEqual([
    'This view needs the admin role. Ask an admin to give it to you.',
  ]);
  expect(needsRoleView('people', as('viewer'), t)).toBeUndefined();
  expect(needsRoleView('settings', as('publisher'), t)!.values).toEqual([
    'This view needs the admin role. Ask an admin to give it to you.',
  ]);
});
