// The stock banner's reserved box: the only CSS its first render needs (the look is in the lazy styles).
import { css } from 'lit';

/**
 * Reserved from the first render (the box is there, invisible, until there is something to show): two lines,
 * three in a narrow column where stock and sold count no longer fit on one line, so appearing moves nothing.
 */
export const reserve = css`
  :host { display: block; container-type: inline-size; contain: layout; }
  :host([state='collapsed']) { display: none; }
  .banner { min-block-size: var(--nudge-stock-banner-min-height, 4.25rem); }
  @container (max-width: 23rem) {
    .banner { min-block-size: var(--nudge-stock-banner-min-height, 5.6rem); }
  }
`;
