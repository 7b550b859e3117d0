import { describe, expect, it } from 'vitest';
import { privateWebhookUrl, webhookUrlOk } from './webhook-url.js';

describe('webhook URLs', () => {
  it('refuses credentials, link-local and metadata addresses, and plain http beyond this machine', () => {
    for (const u of [
      'https://user:pw@hooks.example/x',
      'https://169.254.169.254/latest',
      'https://[fe80::1]/x',
      'https://metadata.google.internal/x',
      'http://hooks.example/x',
      'javascript:alert(1)',
    ])
      expect([u, webhookUrlOk(u)]).toEqual([u, false]);
    for (const u of ['https://hooks.example/x', 'http://127.0.0.1:9000/x', 'http://localhost/x'])
      expect([u, webhookUrlOk(u)]).toEqual([u, true]);
  });

  it('names this machine and private networks, however the address is written', () => {
    for (const u of [
      'https://127.0.0.1/x',
      'https://10.0.0.5/x',
      'https://172.16.3.4/x',
      'https://192.168.1.1/x',
      'https://0.0.0.0/x',
      'https://localhost/x',
      'https://[::1]/x',
      'https://[::]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://[::ffff:10.0.0.1]/x',
      'https://[fd00::1]/x',
    ])
      expect([u, privateWebhookUrl(u)]).toEqual([u, true]);
    for (const u of ['https://hooks.example/x', 'https://8.8.8.8/x', 'https://172.32.0.1/x', 'https://[2001:db8::1]/x'])
      expect([u, privateWebhookUrl(u)]).toEqual([u, false]);
  });
});
