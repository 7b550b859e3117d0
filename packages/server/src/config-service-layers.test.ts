// Layer names the browser's assignment cannot use are refused at publish, with the field's path.
import { expect, it } from 'vitest';
import { ConfigService } from './config-service.js';
import { SseHub } from './sse-hub.js';
import { DuckDBStore } from './store/duckdb-store.js';

it.each(['constructor', 'valueOf', 'toString'])('refuses a layer named %s and publishes an ordinary one', async (layer) => {
  const store = new DuckDBStore(':memory:');
  await store.init();
  const configs = new ConfigService(store, new SseHub());
  const doc = (l: string) => ({ schema: 1, site: 's', version: 1, widgets: [], experiments: [
    { key: 'a', status: 'running', traffic: 0.5, layer: l, variants: [{ key: 'x', weight: 1 }] },
  ] });
  expect(await configs.publish('s', doc(layer), { author: 't' })).toMatchObject({ ok: false, status: 400, issues: [{ path: 'experiments.0.layer' }] });
  expect(await configs.publish('s', doc('pdp'), { author: 't' })).toMatchObject({ ok: true });
  await store.close();
});
