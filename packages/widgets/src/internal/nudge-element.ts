// Base class for every Nudge widget: widget-id/locale attributes, connected mode (config props + variant patch
// applied before the first render), nudge-* DOM events, tracking through the runtime, and the "shown" bookkeeping.
import { adoptStyles, LitElement, type CSSResultOrNative, type PropertyValues } from 'lit';
import type { Copy } from './copy.js';
import { sessionPageViews } from './page-views.js';
import {
  connection,
  type NudgeConnection,
  type NudgeRuntime,
  type ProductContext,
  type SiteConfig,
  type WidgetConfig,
} from './connection.js';

/** Detail of `nudge-close`. */
export interface NudgeCloseDetail {
  reason: 'dismiss' | 'escape' | 'backdrop' | 'claimed';
}

/** Detail of `nudge-copy`: the coupon `code` or the referral `url` that was copied. */
export interface NudgeCopyDetail {
  code?: string;
  url?: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'nudge-show': CustomEvent<Record<string, unknown>>;
    'nudge-close': CustomEvent<NudgeCloseDetail>;
    'nudge-copy': CustomEvent<NudgeCopyDetail>;
  }
}

/** The copy chunk, once a widget with per-locale copy has loaded it (one load per page). */
let copyChunk: typeof import('./copy.js') | undefined;
let copyLoad: Promise<typeof import('./copy.js')> | undefined;

export class NudgeElement extends LitElement {
  /** Widget type as used in config and as GA4 `creative_slot` (e.g. `coupon-popup`); set by each subclass. */
  static widgetType = 'widget';

  static override properties = {
    widgetId: { type: String, attribute: 'widget-id', reflect: true },
    locale: { type: String },
  };

  /** The config widget id. Connected mode reads this widget's props (with the visitor's variant patch) from config. */
  declare widgetId: string;
  /** UI language (`en`, `zh-CN`, `zh-TW`, or any BCP 47 tag for number formats); empty = nearest `lang` attribute. */
  declare locale: string;

  /** The store connection while connected (subclasses read the stores they need through it). */
  protected conn: NudgeConnection | undefined;
  /** The lazily loaded view module while it loads (updateComplete waits for it). */
  #viewLoading: Promise<void> | undefined;
  /** Props last applied from config, so a later config with fewer props can fall back to the element's own values. */
  #applied: Record<string, unknown> | undefined;
  #reported = new Set<string>();
  /** Text props given per locale (`{ en, zh-CN }`), by property name, and the string each one was last shown as. */
  #copies = new Map<string, Copy>();
  /** The copy chunk while it loads for this element (updateComplete waits for it). */
  #copyLoading: Promise<unknown> | undefined;

  constructor() {
    super();
    this.widgetId = '';
    this.locale = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    sessionPageViews(); // every page with a Nudge widget counts toward page-view triggers
    // Subscribing here (not in firstUpdated) so config props land before the first render: no flash of defaults.
    this.conn = connection(() => this.#syncFromStores());
    this.#syncFromStores();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.conn?.close();
    this.conn = undefined;
  }

  /** @internal The running Nudge SDK, or null when the element is used standalone. */
  get runtime(): NudgeRuntime | null {
    return this.conn?.runtime() ?? null;
  }

  /** @internal The product on the page (from `$product`), or null. */
  get product(): ProductContext | null {
    return this.conn?.product() ?? null;
  }

  /** @internal The site's config document in connected mode (its server-set flags), or null. */
  get siteConfig(): SiteConfig | null {
    return this.conn?.config() ?? null;
  }

  /** @internal This widget's config entry (trigger, frequency, audience) in connected mode. */
  get widgetConfig(): WidgetConfig | undefined {
    return this.widgetId ? this.conn?.widget(this.widgetId) : undefined;
  }

  /** @internal True when config says this widget is off (disabled, or a variant patch turned it off) for this visitor. */
  configDisabled = false;

  #syncFromStores(): void {
    const rt = this.runtime;
    this.configDisabled = false;
    if (rt && this.widgetId) {
      // A read of what the SDK published ($widgetProps), not a computation: nothing here can throw.
      const props = rt.widgetProps(this.widgetId);
      this.configDisabled = !!this.widgetConfig && !props;
      if (props && props !== this.#applied) {
        this.#applied = props;
        this.applyProps(props);
      }
    }
    this.requestUpdate();
  }

  /**
   * Copies config props onto reactive properties. Keys may be property names (`expiresAt`) or attribute names
   * (`expires-at`); unknown keys are ignored so a newer config cannot break an older widget.
   */
  protected applyProps(props: Record<string, unknown>): void {
    const ctor = this.constructor as typeof LitElement;
    const byName = new Map<string, string>();
    for (const [name, opts] of ctor.elementProperties) {
      if (typeof name !== 'string' || opts.state) continue;
      byName.set(name, name);
      if (typeof opts.attribute === 'string') byName.set(opts.attribute, name);
    }
    for (const [k, v] of Object.entries(props)) {
      const name = byName.get(k);
      if (name && name !== 'widgetId' && v !== undefined) (this as unknown as Record<string, unknown>)[name] = v;
    }
  }

  /**
   * Merchant copy per locale: a text property holding an object of texts per locale (from config, a variant patch or
   * an app's code) renders as the text for the widget's locale (CONFIG.md, "Copy per locale"). Done here, before every
   * subclass's willUpdate reads it, and again on each update, so a later locale or SDK default re-picks it; the object
   * is kept until a string replaces it. The picking is a chunk loaded by the first such widget (pages and widgets with
   * plain text, such as every stock banner, never load it); until it is here the element does not render.
   */
  protected override shouldUpdate(changed: PropertyValues): boolean {
    const self = this as unknown as Record<string, unknown>;
    const copies = this.#copies;
    for (const [name, opts] of (this.constructor as typeof LitElement).elementProperties) {
      const value = self[name as string];
      if (opts.type == String && value && typeof value == 'object') copies.set(name as string, { text: value });
      else if (value !== copies.get(name as string)?.shown) copies.delete(name as string);
    }
    if (copies.size) {
      if (!copyChunk) {
        // A failed load leaves the widget unrendered until its next update tries again, like a failed view chunk.
        this.#copyLoading ??= (copyLoad ??= import('./copy.js')).then(
          (m) => {
            copyChunk = m;
            this.#copyLoading = undefined;
            this.requestUpdate();
          },
          () => (copyLoad = this.#copyLoading = undefined),
        );
        return false;
      }
      copyChunk.pickCopies(this, copies);
    }
    return super.shouldUpdate(changed);
  }

  /**
   * Loads a view module once (render code, styles, strings kept out of the eager bundle), adopts its `styles` and
   * re-renders; `updateComplete` also waits for it. A failed load is swallowed and retried on the next call.
   */
  protected lazyView<V extends { styles: CSSResultOrNative[] }>(
    load: () => Promise<V>,
    loaded: (view: V) => void,
  ): Promise<void> {
    return (this.#viewLoading ??= load().then(
      (view) => {
        loaded(view);
        this.adoptViewStyles(view.styles);
        this.requestUpdate();
      },
      () => {
        this.#viewLoading = undefined;
      },
    ));
  }

  /** Adopts the element's own (eager) styles followed by `styles`: a lazily loaded view's look, or a menu's. */
  adoptViewStyles(styles: CSSResultOrNative[]): void {
    adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof LitElement).elementStyles, ...styles]);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    // An update skipped while the copy chunk loads: the one it requests once loaded is the one to wait for.
    if (this.#copyLoading) {
      await this.#copyLoading;
      done = await super.getUpdateComplete();
    }
    const loading = this.#viewLoading;
    if (!loading) return done;
    await loading;
    return super.getUpdateComplete();
  }

  /** Dispatches a bubbling, composed `nudge-*` event; returns false if a listener vetoed a cancelable one. */
  emit<D>(name: `nudge-${string}`, detail: D, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(
      new CustomEvent<D>(name, { detail, bubbles: true, composed: true, cancelable: !!options.cancelable }),
    );
  }

  /** Sends an event through the SDK when connected; a no-op standalone. Never throws into the page. */
  track(name: string, props: Record<string, unknown> = {}): void {
    try {
      this.runtime?.track(name, props);
    } catch {
      /* the tracker reports its own failures; a widget must keep working */
    }
  }

  /**
   * Reports bad input a merchant must hear about, once per message: `console.warn` prefixed with the tag, and a
   * `nudge_error` event through the SDK. On the base class (not a module) so the lazy views reach it through their
   * host without a chunk of its own.
   */
  report(message: string): void {
    if (this.#reported.has(message)) return;
    this.#reported.add(message);
    console.warn(`<${this.localName}> ${message}`);
    this.track('nudge_error', { ...this.promotion, message });
  }

  /** GA4 promotion fields identifying this widget (`promotion_id` = widget id, `creative_slot` = widget type). */
  get promotion(): { promotion_id: string; creative_slot: string } {
    return {
      promotion_id: this.widgetId || this.localName,
      creative_slot: (this.constructor as typeof NudgeElement).widgetType,
    };
  }

  /**
   * Call when the widget actually reached the screen: fires `nudge-show`, sends `view_promotion` with every figure
   * it showed (so each claim can be audited) and lets the SDK send experiment exposure for this widget.
   */
  markShown(figures: Record<string, unknown> = {}): void {
    this.emit('nudge-show', { ...figures });
    this.track('view_promotion', { ...this.promotion, ...figures });
    if (this.widgetId) {
      try {
        this.runtime?.exposed(this.widgetId);
      } catch {
        /* see track() */
      }
    }
  }
}
