// <NudgeBuyBar>: the floating buy bar element as a React component (defines <nudge-buy-bar> on import).
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { NudgeBuyBar as Element } from '@nudge/widgets/buy-bar';
import type { NudgeBuyDetail } from '@nudge/widgets';

export const NudgeBuyBar = createComponent({
  tagName: 'nudge-buy-bar',
  elementClass: Element,
  react: React,
  events: {
    onNudgeShow: 'nudge-show' as EventName<CustomEvent<Record<string, unknown>>>,
    /** cancelable: call preventDefault() to stop the click on the page's own button */
    onNudgeBuy: 'nudge-buy' as EventName<CustomEvent<NudgeBuyDetail>>,
  },
  displayName: 'NudgeBuyBar',
});
