// /v1/admin: rate-limited per address, then the admin token, then body limits; one sub-app per resource.
import { Hono } from 'hono';
import { bodyLimit } from '../../body-limit.js';
import { credentials } from '../../credentials.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { clientAddress, limited } from '../../limits.js';
import { configAdminRoutes } from './config.js';
import { experimentRoutes } from './experiments.js';
import { keyRoutes } from './keys.js';
import { reportRoutes } from './reports.js';
import {
  couponPoolRoutes,
  couponReportRoutes,
  leadRoutes,
  ledgerRoutes,
  rewardSettingsRoutes,
  visitorRoutes,
} from './rewards.js';
import { schemaRoutes, siteToolRoutes } from './site-tools.js';
import { siteRoutes } from './sites.js';

export const adminRoutes = (d: Deps, adminTokenHash: string) =>
  new Hono()
    // Checked before the token, so guessing costs requests too.
    .use(async (c, next) => (await limited(c, d.limits.admin, clientAddress(c))) ?? next())
    .use(async (c, next) => {
      const { bearer } = credentials(c.req.header('authorization'));
      if (!bearer) return fail(c, 401, 'missing_token', 'send the admin token as Authorization: Bearer <token>');
      if (!d.secrets.matches(bearer, adminTokenHash))
        return fail(c, 401, 'invalid_token', 'the admin token is not valid');
      await next();
    })
    .use(bodyLimit)
    .route('/schema', schemaRoutes())
    .route('/sites', siteRoutes(d))
    .route('/sites/:site/write-keys', keyRoutes(d))
    .route('/sites/:site/config', configAdminRoutes(d))
    .route('/sites/:site/experiments', experimentRoutes(d))
    .route('/sites/:site/reports', reportRoutes(d))
    .route('/sites/:site', siteToolRoutes(d))
    .route('/sites/:site/coupon-pools', couponPoolRoutes(d))
    .route('/sites/:site/coupon-report', couponReportRoutes(d))
    .route('/sites/:site/reward-settings', rewardSettingsRoutes(d))
    .route('/sites/:site/rewards', ledgerRoutes(d))
    .route('/sites/:site/leads', leadRoutes(d))
    .route('/sites/:site/visitors', visitorRoutes(d));

/** The admin API's routes, for a typed client: `hc<AdminApi>('/v1/admin')`. */
export type AdminApi = ReturnType<typeof adminRoutes>;
