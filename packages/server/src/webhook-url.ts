// Where the server may send signed calls of its own (code webhook, lead delivery, alerts): https, or http only to this
// machine (a receiver beside the server, tests); never credentials in the URL, and never a link-local or metadata
// address (169.254.x.x, fe80::), which would let a saved setting reach the cloud's instance metadata.
import { z } from 'zod';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
const LINK_LOCAL = /^(169\.254\.\d+\.\d+|\[fe80:[^\]]*\]|metadata\.google\.internal)$/i;

export const MESSAGE = 'expected an https URL without credentials (http only to 127.0.0.1 or localhost)';

export function webhookUrlOk(u: string): boolean {
  try {
    const url = new URL(u);
    if (url.username || url.password || LINK_LOCAL.test(url.hostname)) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
  } catch {
    return false;
  }
}

export const webhookUrl = z
  .string({ error: 'expected an https URL' })
  .max(2000, 'at most 2000 characters')
  .refine(webhookUrlOk, MESSAGE);

// IPv6 as the URL parser writes it: loopback and unspecified, IPv4-mapped (::ffff:7f00:1 is 127.0.0.1), unique local.
const PRIVATE =
  /^(127\.|10\.|0\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|localhost$|\[(::1?|::ffff:[0-9a-f:.]+|f[cd][0-9a-f:]*)\]$)/i;

/**
 * A URL on this machine or a private network, written as such (not what a public name resolves to). Only admins may
 * point the server's calls there: a setting any person may save (their summaries' webhook) would otherwise let them
 * probe what answers inside the network from the delivery status.
 */
export function privateWebhookUrl(u: string): boolean {
  try {
    return PRIVATE.test(new URL(u).hostname);
  } catch {
    return false;
  }
}
