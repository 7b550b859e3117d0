// Every view has a URL: /console/sites/:site/:tab, and /console/sites/:site/experiments/:key/results for one
// experiment's results; parsed and written here, followed by the shell (pushState, Back and Forward).
import type { MessageKey } from './i18n.js';
import type { Tab } from './tabs/host.js';

export interface Route {
  site?: string;
  tab?: Tab;
  /** the experiment whose results are shown */
  experiment?: string;
}

/** The tabs in the nav's order, with their label. */
export const TABS: readonly [Tab, MessageKey][] = [
  ['home', 'tabHome'],
  ['widgets', 'tabWidgets'],
  ['experiments', 'tabExperiments'],
  ['results', 'tabResults'],
  ['reports', 'tabReports'],
  ['rewards', 'tabRewards'],
  ['errors', 'tabErrors'],
  ['alerts', 'tabAlerts'],
  ['metrics', 'tabMetrics'],
  ['history', 'tabHistory'],
  ['live', 'tabLive'],
  ['settings', 'tabSettings'],
  ['people', 'tabPeople'],
  ['install', 'tabInstall'],
];
const isTab = (s: string | undefined): s is Tab => !!s && TABS.some(([t]) => t === s);

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function parseRoute(pathname: string): Route {
  const parts = pathname
    .replace(/^\/console\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decode);
  if (parts[0] !== 'sites' || !parts[1]) return {};
  const site = parts[1];
  if (parts[2] === 'experiments' && parts[3] && parts[4] === 'results')
    return { site, tab: 'results', experiment: parts[3] };
  return isTab(parts[2]) ? { site, tab: parts[2] } : { site };
}

export function routePath(r: Route): string {
  if (!r.site) return '/console/';
  const site = `/console/sites/${encodeURIComponent(r.site)}`;
  if (r.tab === 'results' && r.experiment) return `${site}/experiments/${encodeURIComponent(r.experiment)}/results`;
  return `${site}/${r.tab ?? 'widgets'}`;
}
