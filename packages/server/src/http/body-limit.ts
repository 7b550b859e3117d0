// Request bodies are capped; a moderately oversized one is read and discarded so the client sees the 413.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as streamingLimit } from 'hono/body-limit';
import { fail } from './errors.js';

export const MAX_BODY_BYTES = 512 * 1024;

async function drain(body: ReadableStream<Uint8Array> | null, max: number): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > max) return void (await reader.cancel());
    }
  } catch {
    /* the client went away */
  }
}

const tooLarge = (c: Context) =>
  fail(c, 413, 'body_too_large', `request bodies are limited to ${MAX_BODY_BYTES / 1024} KB`);
const streaming = streamingLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });

export const bodyLimit: MiddlewareHandler = async (c, next) => {
  if (Number(c.req.header('content-length')) > MAX_BODY_BYTES) {
    // Without reading it first the client would get a reset socket instead of the answer.
    await drain(c.req.raw.body, 16 * MAX_BODY_BYTES);
    return tooLarge(c);
  }
  return streaming(c, next);
};
