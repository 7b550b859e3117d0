// Loads where only the newest answer, for the selection still current, is shown (a reactive controller).
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** All it needs of its host: to be told when the host leaves the page. */
export type LatestHost = Pick<ReactiveControllerHost, 'addController'>;

/** What a load came back with: its answer, or `stale` when the answer no longer belongs on screen. */
export type Latest<T> = { stale: true } | { stale: false; value: T };

const STALE = { stale: true } as const;

export class LatestController implements ReactiveController {
  #seq = 0;

  /** `selection` names what an answer is for (e.g. site and experiment); it is read again when the answer arrives. */
  constructor(
    host: LatestHost,
    private readonly selection: () => readonly unknown[],
  ) {
    host.addController(this);
  }

  /** An answer arriving after the console left the page has nowhere to go. */
  hostDisconnected(): void {
    this.#seq++;
  }

  /** Runs `load`. A failure rejects only while it is still current: a stale failure is not this selection's. */
  async run<T>(load: () => Promise<T>): Promise<Latest<T>> {
    const seq = ++this.#seq;
    const selection = this.selection();
    const current = () => {
      const now = this.selection();
      return seq === this.#seq && selection.length === now.length && selection.every((x, i) => Object.is(x, now[i]));
    };
    try {
      const value = await load();
      return current() ? { stale: false, value } : STALE;
    } catch (e) {
      if (current()) throw e;
      return STALE;
    }
  }
}
