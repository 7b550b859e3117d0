// The role table: reads for viewers, changes placed by what they do, and every unsafe route not listed closed to all
// but admins.
import { describe, expect, it } from 'vitest';
import { neededRole } from './roles.js';

describe('neededRole', () => {
  it.each([
    ['GET', '/sites', 'viewer'],
    ['GET', '/sites/shop/reports/experiments/x', 'viewer'],
    ['HEAD', '/sites/shop/config', 'viewer'],
    ['POST', '/sites/shop/config/validate', 'editor'],
    ['POST', '/sites/shop/config/drafts', 'editor'],
    ['POST', '/sites/shop/config', 'publisher'],
    ['POST', '/sites/shop/config/rollback', 'publisher'],
    ['POST', '/sites/shop/experiments/x/start', 'publisher'],
    ['POST', '/sites', 'admin'],
    ['PATCH', '/sites/shop', 'admin'],
    ['GET', '/sites/shop/write-keys', 'admin'],
    ['DELETE', '/sites/shop/write-keys/wk_abc', 'admin'],
    ['GET', '/users', 'admin'],
    ['PATCH', '/users/u1', 'admin'],
    ['POST', '/tokens', 'viewer'],
    ['DELETE', '/tokens/nt_abc', 'viewer'],
    ['POST', '/sites/shop/metrics', 'editor'],
    ['PUT', '/sites/shop/metrics/experiments/x', 'editor'],
    ['PUT', '/sites/shop/metrics/settings', 'publisher'],
    ['POST', '/sites/shop/alerts', 'publisher'],
    ['PATCH', '/sites/shop/alerts/srm', 'publisher'],
    ['PUT', '/sites/shop/alerts/delivery', 'admin'],
    ['GET', '/sites/shop/dashboard', 'viewer'],
    ['GET', '/sites/shop/leads', 'admin'],
    ['GET', '/sites/shop/visitors/v1', 'admin'],
    ['DELETE', '/sites/shop/visitors/v1', 'admin'],
    ['PATCH', '/sites/shop/reward-settings', 'admin'],
    ['GET', '/sites/shop/coupon-pools', 'viewer'],
    ['POST', '/sites/shop/coupon-pools', 'publisher'],
    ['POST', '/sites/shop/coupon-pools/p1/import', 'publisher'],
    ['POST', '/sites/shop/rewards/r1/approve', 'publisher'],
    ['POST', '/sites/shop/leads/l1/retry', 'admin'],
    ['GET', '/sites/shop/install', 'viewer'],
    // not in the table: a new route is closed until placed
    ['POST', '/sites/shop/something-new', 'admin'],
    ['PUT', '/sites/shop/config', 'admin'],
  ])('%s %s needs %s', (method, path, role) => {
    expect(neededRole(method, path)).toBe(role);
  });
});
