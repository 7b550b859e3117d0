// The buy bar's event detail types, apart from the element so its controller can name them without importing it.

/** Detail of `nudge-buy`. Cancel the event to stop the bar from clicking the page's own button. */
export interface NudgeBuyDetail {
  source: 'buy_bar';
  /** Whether a target button was found (and will be clicked unless the event is cancelled). */
  target: boolean;
}
