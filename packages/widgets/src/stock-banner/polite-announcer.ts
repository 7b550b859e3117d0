// Throttles screen-reader announcements of live stock changes to at most one per interval, always saying the latest.
import type { Timers } from './timers.js';

/**
 * Coalesces updates: the first one is said at once, later ones within `intervalMs` of the last announcement wait
 * for the interval to pass and then only the newest text is said (a shopper hears the current figure, not a
 * backlog). Text equal to what was last said is never repeated.
 */
export class PoliteAnnouncer {
  #lastAt = -Infinity;
  #lastText = '';
  #pending: string | undefined;
  #timer: unknown;

  readonly #say: (text: string) => void;
  readonly #intervalMs: number;
  readonly #timers: Timers;

  constructor(say: (text: string) => void, intervalMs: number, timers: Timers) {
    this.#say = say;
    this.#intervalMs = intervalMs;
    this.#timers = timers;
  }

  update(text: string): void {
    if (this.#timer !== undefined) {
      this.#pending = text;
      return;
    }
    if (text === this.#lastText) return;
    const wait = this.#lastAt + this.#intervalMs - this.#timers.now();
    if (wait <= 0) {
      this.#emit(text);
      return;
    }
    this.#pending = text;
    this.#timer = this.#timers.setTimeout(() => this.#flush(), wait);
  }

  /** Records what is already on screen without saying it, so only later changes are announced. */
  baseline(text: string): void {
    this.#lastText = text;
  }

  /** Stops any pending announcement (element disconnected). */
  dispose(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
  }

  #flush(): void {
    this.#timer = undefined;
    const text = this.#pending;
    this.#pending = undefined;
    if (text !== undefined && text !== this.#lastText) this.#emit(text);
  }

  #emit(text: string): void {
    this.#lastAt = this.#timers.now();
    this.#lastText = text;
    this.#say(text);
  }
}
