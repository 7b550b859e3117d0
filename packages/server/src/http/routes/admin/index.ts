// /v1/admin: rate-limited per address, then the caller and their role, then body limits; one sub-app per resource.
import { Hono } from 'hono';
import { bodyLimit } from '../../body-limit.js';
import type { Deps } from '../../deps.js';
import { clientAddress, limited } from '../../limits.js';
import { adminAccess } from '../../principal.js';
import { configAdminRoutes } from './config.js';
import { experimentRoutes } from './experiments.js';
import { installRoutes } from './install.js';
import { keyRoutes } from './keys.js';
import { metricRoutes } from './metrics.js';
import { dashboardRoutes } from './dashboard.js';
import { alertRoutes } from './alerts.js';
import { summaryRoutes } from './summaries.js';
import { reportRoutes } from './reports.js';
import { couponPoolRoutes, couponReportRoutes, leadRoutes, ledgerRoutes, visitorRoutes } from './rewards.js';
import { rewardSettingsRoutes } from './reward-settings.js';
import { schemaRoutes, siteToolRoutes } from './site-tools.js';
import { siteRoutes } from './sites.js';
import { userRoutes } from './users.js';
import { approvalGate, draftRoutes, ruleRoutes } from './drafts.js';

export const adminRoutes = (d: Deps) =>
  new Hono()
    // Checked before the token, so guessing costs requests too.
    .use(async (c, next) => (await limited(c, d.limits.admin, clientAddress(c))) ?? next())
    // who is calling (cookie session, a person's token, the admin token) and whether their role may
    .use(adminAccess(d.accounts))
    .use(bodyLimit)
    .route('/', userRoutes(d))
    .route('/me/summaries', summaryRoutes(d))
    .route('/schema', schemaRoutes())
    .route('/sites', siteRoutes(d))
    .route('/sites/:site/write-keys', keyRoutes(d))
    .use('/sites/:site/*', approvalGate(d.drafts))
    .route('/sites/:site/config/drafts', draftRoutes(d, d.drafts))
    .route('/sites/:site/rules', ruleRoutes(d, d.drafts))
    .route('/sites/:site/config', configAdminRoutes(d))
    .route('/sites/:site/experiments', experimentRoutes(d))
    .route('/sites/:site/reports', reportRoutes(d))
    .route('/sites/:site/metrics', metricRoutes(d))
    .route('/sites/:site/dashboard', dashboardRoutes(d))
    .route('/sites/:site/alerts', alertRoutes(d))
    .route('/sites/:site/coupon-pools', couponPoolRoutes(d))
    .route('/sites/:site/coupon-report', couponReportRoutes(d))
    .route('/sites/:site/reward-settings', rewardSettingsRoutes(d))
    .route('/sites/:site/rewards', ledgerRoutes(d))
    .route('/sites/:site/leads', leadRoutes(d))
    .route('/sites/:site/visitors', visitorRoutes(d))
    .route('/sites/:site/install', installRoutes(d))
    .route('/sites/:site', siteToolRoutes(d));

/** The admin API's routes, for a typed client: `hc<AdminApi>('/v1/admin')`. */
export type AdminApi = ReturnType<typeof adminRoutes>;
