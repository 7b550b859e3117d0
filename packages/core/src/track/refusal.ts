// What track() and identify() refuse: a bad name or user id, props that are not an object, (in development) bad fields.
import { checkEventProps, type PropsIssue } from './event-props.js';

declare const process: { env: Record<string, string | undefined> };
/** Development builds only (see tracker.ts): production folds this to false and drops the fields table. */
const DEV = process.env.NODE_ENV !== 'production';

/** Why an event is refused, as the fields of the `nudge_error` it becomes; undefined when it may be queued. */
export function refusal(name: string, props: unknown): (PropsIssue & { code: string }) | undefined {
  if (typeof name !== 'string' || !name || name.length > 64)
    return { path: '', message: 'expected 1-64 characters', code: 'invalid_name' };
  // The known events' fields are checked here in development builds; in production the collector checks them (one
  // definition, @nudge/core/spec) and stores an event with bad fields as a nudge_error naming the field, so nothing
  // is lost and every page saves the table's bytes. Props that are not an object are refused here in any build.
  const bad = DEV
    ? checkEventProps(name, props)
    : props !== undefined && (!props || typeof props !== 'object' || Array.isArray(props))
      ? { path: '', message: 'expected object' }
      : undefined;
  return bad && { ...bad, code: 'invalid_props' };
}

/** What identify() with a user id outside the wire contract's 1-200 characters becomes. */
export const BAD_USER_ID = {
  path: 'userId',
  message: 'expected 1-200 characters',
  event: 'identify',
  code: 'invalid_props',
};
