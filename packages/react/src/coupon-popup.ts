// <NudgeCouponPopup>: the coupon popup element as a React component (defines <nudge-coupon-popup> on import).
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { NudgeCouponPopup as Element } from '@nudge/widgets/coupon-popup';
import type { NudgeCloseDetail, NudgeCopyDetail } from '@nudge/widgets';

export const NudgeCouponPopup = createComponent({
  tagName: 'nudge-coupon-popup',
  elementClass: Element,
  react: React,
  events: {
    onNudgeShow: 'nudge-show' as EventName<CustomEvent<Record<string, unknown>>>,
    onNudgeClose: 'nudge-close' as EventName<CustomEvent<NudgeCloseDetail>>,
    onNudgeClaim: 'nudge-claim' as EventName<CustomEvent<{ code: string; email?: string }>>,
    onNudgeCopy: 'nudge-copy' as EventName<CustomEvent<NudgeCopyDetail>>,
  },
  displayName: 'NudgeCouponPopup',
});
