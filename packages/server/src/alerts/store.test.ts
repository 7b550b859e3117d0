// The alert store's delivery on both control databases: email addresses kept beside the webhook (migration 2), and
// kept as they were when a change leaves them out.
import { describe, expect, it } from 'vitest';
import { controlSqlBackends } from '../../../../test/support/engines/control-sql.js';
import { AlertStore } from './store.js';

const backends = controlSqlBackends();

describe.each(backends)('alert delivery on %s', { timeout: 30_000 }, (_name, open) => {
  it.skipIf(!open)('keeps the email addresses beside the webhook', async () => {
    const db = await open!();
    try {
      const store = new AlertStore(db.sql);
      expect(await store.delivery('s')).toEqual({ webhookUrl: null, secret: null, emails: [] });
      await store.setDelivery('s', {
        webhookUrl: 'https://hooks.example/a',
        secret: 'x'.repeat(16),
        emails: ['a@b.example'],
      });
      // a change without the secret (the console never has it) keeps it
      await store.setDelivery('s', { webhookUrl: 'https://hooks.example/b' });
      expect(await store.delivery('s')).toEqual({
        webhookUrl: 'https://hooks.example/b',
        secret: 'x'.repeat(16),
        emails: ['a@b.example'],
      });
      await store.setDelivery('s', { webhookUrl: null, secret: null });
      expect(await store.delivery('s')).toEqual({ webhookUrl: null, secret: null, emails: ['a@b.example'] });
      await store.setDelivery('s', { webhookUrl: null, secret: null, emails: [] });
      expect((await store.delivery('s')).emails).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
