// Widget preview frame: renders one real widget with the props the console sends, isolated so a modal or a fixed
// bar stays inside this frame instead of covering the console.
import 'nudge-console:widgets';

interface PreviewMessage {
  kind: 'nudge-preview';
  type: string;
  id: string;
  props: Record<string, unknown>;
}

window.addEventListener('message', (e: MessageEvent<PreviewMessage>) => {
  if (e.origin !== location.origin || e.data?.kind !== 'nudge-preview') return;
  const { type, id, props } = e.data;
  const tag = `nudge-${type}`;
  document.body.replaceChildren();
  if (!customElements.get(tag)) {
    document.body.textContent = `${tag} is not available in this build`;
    return;
  }
  const el = document.createElement(tag) as HTMLElement & Record<string, unknown>;
  el.setAttribute('widget-id', id);
  for (const [k, v] of Object.entries(props)) if (k !== 'enabled') el[k] = v;
  document.body.append(el);
});
parent.postMessage({ kind: 'nudge-preview-ready' }, location.origin);
