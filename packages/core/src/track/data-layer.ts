// Mirrors GA4 funnel events into window.dataLayer in the shape Google Tag Manager's GA4 ecommerce tags read.
const ECOMMERCE = /^(view_item|add_to_cart|remove_from_cart|begin_checkout|purchase|view_promotion|select_promotion)$/;
const FUNNEL = /^(page_view|share|generate_lead|sign_up)$/;

/** Pushes `{event, ecommerce}` (after GA4's recommended `{ecommerce: null}` reset) or `{event, ...params}`. */
export function mirror(target: object | undefined, layer: string, name: string, props: object): void {
  const dl = target && ((target as Record<string, unknown[]>)[layer] ||= []);
  if (!dl) return;
  if (ECOMMERCE.test(name)) {
    dl.push({ ecommerce: null });
    dl.push({ event: name, ecommerce: { ...props } });
  } else if (FUNNEL.test(name)) dl.push({ ...props, event: name });
}
