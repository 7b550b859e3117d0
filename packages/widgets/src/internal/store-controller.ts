// Lit ReactiveController that keeps a host in sync with a nanostores store (any object with get/subscribe).
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The part of a nanostores store the widgets rely on; structural so widgets need no nanostores import. */
export interface ReadableStore<T> {
  get(): T;
  /** nanostores `listen`: called on changes only (not with the current value). */
  listen(cb: (value: T) => void): () => void;
}

export class StoreController<T> implements ReactiveController {
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly store: ReadableStore<T>,
    private readonly onChange?: (value: T) => void,
  ) {
    host.addController(this);
  }

  /** Current store value (read on demand, so it is right even before the host connects). */
  get value(): T {
    return this.store.get();
  }

  hostConnected(): void {
    this.unlisten = this.store.listen((v) => {
      this.onChange?.(v);
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.unlisten?.();
    this.unlisten = undefined;
  }
}
