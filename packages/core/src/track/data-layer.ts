// Mirrors GA4 funnel events into window.dataLayer in the shape Google Tag Manager's GA4 ecommerce tags read.

/**
 * GA4's recommended events among the known ones (event-props.ts; a test keeps the two in step). This chunk does not
 * import that table: a module it shares with the tracker would be hoisted into every page's runtime file.
 */
export const ECOMMERCE = [
  'view_item',
  'add_to_cart',
  'remove_from_cart',
  'begin_checkout',
  'purchase',
  'view_promotion',
  'select_promotion',
];
export const OTHER_GA4 = ['page_view', 'share', 'generate_lead', 'sign_up'];

/**
 * Ecommerce events are pushed as `{event, ecommerce}` after GA4's recommended `{ecommerce: null}` reset; the other GA4
 * events as `{event, ...params}`. Nudge's own events and custom ones are not mirrored.
 */
export function mirror(target: object | undefined, layer: string, name: string, props: object): void {
  const commerce = ECOMMERCE.includes(name);
  const dl = target && (commerce || OTHER_GA4.includes(name)) && ((target as Record<string, unknown[]>)[layer] ||= []);
  if (!dl) return;
  if (commerce) dl.push({ ecommerce: null }, { event: name, ecommerce: { ...props } });
  else dl.push({ ...props, event: name });
}
