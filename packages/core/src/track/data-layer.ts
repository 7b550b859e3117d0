// Mirrors GA4 funnel events into window.dataLayer in the shape Google Tag Manager's GA4 ecommerce tags read.
import { eventFields } from './event-props.js';

/**
 * GA4 events from the known-event table: those with `items` are ecommerce events, pushed as `{event, ecommerce}` after
 * GA4's recommended `{ecommerce: null}` reset; the rest as `{event, ...params}`. Nudge's own events are not mirrored.
 */
export function mirror(target: object | undefined, layer: string, name: string, props: object): void {
  const fields = eventFields()[name];
  const dl = target && fields && !/^(experiment_exposure|web_vitals|nudge_|item$)/.test(name) && ((target as Record<string, unknown[]>)[layer] ||= []);
  if (!dl) return;
  if (fields.items) dl.push({ ecommerce: null }, { event: name, ecommerce: { ...props } });
  else dl.push({ ...props, event: name });
}
