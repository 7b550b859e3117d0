// <NudgeStockBanner>: the stock banner element as a React component (defines <nudge-stock-banner> on import).
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { NudgeStockBanner as Element } from '@nudge/widgets/stock-banner';

export const NudgeStockBanner = createComponent({
  tagName: 'nudge-stock-banner',
  elementClass: Element,
  react: React,
  events: {
    onNudgeShow: 'nudge-show' as EventName<CustomEvent<Record<string, unknown>>>,
  },
  displayName: 'NudgeStockBanner',
});
