// zod/mini schemas of the wire contract (event envelope, batch, known event props) for the server and tests; no DOM.
import * as z from 'zod/mini';
import { eventFields, type KnownEvent } from './event-props.js';

const str = (max = 500) => z.string().check(z.maxLength(max));
const leaves = {
  s: () => str(),
  n: () => z.number(),
  c: () => z.string().check(z.regex(/^[A-Z]{3}$/, 'expected ISO 4217 code')),
  i: () => z.array(itemSchema),
};
const fromTable = (table: Record<string, string>) => {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const k of Object.keys(table)) {
    const code = table[k]!;
    const s = leaves[code[0] as keyof typeof leaves]();
    shape[k] = code.endsWith('?') ? z.optional(s) : s;
  }
  return z.looseObject(shape);
};

const { item, ...events } = eventFields();
export const itemSchema = fromTable(item!);

/** zod schema of each known event's props (custom parameters beyond GA4's are allowed). */
export const eventPropsSchemas = Object.fromEntries(
  Object.entries(events).map(([name, table]) => [name, fromTable(table)]),
) as Record<KnownEvent, ReturnType<typeof fromTable>>;

/** Latest instant a JS Date can hold: bounds client times so any skew correction stays a safe integer in a BIGINT column. */
export const MAX_TIME_MS = 8.64e15;
/** Largest `seq` (and `dropped`) a client may send: the columns are 32-bit integers. */
export const MAX_INT32 = 2_147_483_647;
/** Ms since the epoch, within what a JS Date can hold (the server also checks it against its own clock). */
const epochMs = () =>
  z.number().check(z.gte(0, 'expected ms since the epoch'), z.lte(MAX_TIME_MS, 'expected ms since the epoch'));

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const envelopeSchema = z.object({
  id: z.string().check(z.regex(UUIDV7, 'expected a UUIDv7')),
  name: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Client time the event happened, ms since the epoch. */
  ts: epochMs(),
  anonymousId: z.string().check(z.minLength(1), z.maxLength(100)),
  userId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  sessionId: z.string().check(z.minLength(1), z.maxLength(100)),
  /** 1, 2, 3... per anonymousId. */
  seq: z.int().check(z.gte(1), z.lte(MAX_INT32)),
  page: z.object({ url: str(2000), path: str(2000), referrer: str(2000), title: str(500) }),
  context: z.object({
    locale: str(40),
    /** `WIDTHxHEIGHT` in CSS pixels, empty outside a browser. */
    screen: str(20),
    utm: z.record(z.string(), str(200)),
    referral: z.optional(str(200)),
    experiments: z.record(z.string(), z.string()),
    forced: z.optional(z.array(z.string())),
  }),
  props: z.record(z.string(), z.unknown()),
});

export const batchSchema = z.object({
  site: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Client time the batch was sent, ms since the epoch (lets the server correct clock skew). */
  sentAt: epochMs(),
  events: z.array(envelopeSchema).check(z.maxLength(1000)),
  /** Events the client had to give up on since the last accepted batch (rejected with 4xx or over the queue caps). */
  dropped: z.optional(z.int().check(z.gte(0), z.lte(MAX_INT32))),
});

export type Envelope = z.infer<typeof envelopeSchema>;
export type Batch = z.infer<typeof batchSchema>;

/** Checks a known event's props with zod; returns `{ path, message }` of the first issue, undefined when valid. */
export function validateEventProps(name: string, props: unknown): { path: string; message: string } | undefined {
  // Own keys only: an event called `constructor` or `__proto__` must not find Object.prototype's members.
  const s = Object.hasOwn(eventPropsSchemas, name)
    ? (eventPropsSchemas as Record<string, ReturnType<typeof fromTable>>)[name]
    : undefined;
  const r = s?.safeParse(props ?? {});
  const issue = r && !r.success ? r.error.issues[0] : undefined;
  return issue && { path: issue.path.join('.'), message: issue.message };
}
