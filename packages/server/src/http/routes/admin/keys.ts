// /v1/admin/sites/:site/write-keys: Segment write keys, shown once at creation; only their hash is kept.
import { Hono } from 'hono';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { siteParam } from '../../site.js';

export const keyRoutes = (d: Pick<Deps, 'control' | 'sites' | 'secrets'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', async (c) =>
      c.json({
        writeKeys: (await d.control.listWriteKeys(c.var.site.id)).map(({ prefix, createdAt }) => ({
          prefix,
          createdAt,
        })),
      }),
    )
    .post('/', async (c) => {
      const key = d.secrets.mint('wk');
      const prefix = key.slice(0, 10);
      await d.control.addWriteKey({ site: c.var.site.id, hash: d.secrets.hash(key), prefix, createdAt: Date.now() });
      return c.json({ key, prefix, note: 'shown once: store it now; only its hash is kept' }, 201);
    })
    .delete('/:prefix', async (c) => {
      const prefix = c.req.param('prefix');
      const ok = await d.control.deleteWriteKey(c.var.site.id, prefix);
      return ok ? c.json({ deleted: prefix }) : fail(c, 404, 'unknown_write_key', 'no such write key');
    });
