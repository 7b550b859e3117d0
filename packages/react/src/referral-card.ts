// <NudgeReferralCard>: the referral card element as a React component (defines <nudge-referral-card> on import).
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { NudgeReferralCard as Element } from '@nudge/widgets/referral-card';
import type { NudgeCopyDetail, NudgeShareDetail } from '@nudge/widgets';

export const NudgeReferralCard = createComponent({
  tagName: 'nudge-referral-card',
  elementClass: Element,
  react: React,
  events: {
    onNudgeShow: 'nudge-show' as EventName<CustomEvent<Record<string, unknown>>>,
    onNudgeShare: 'nudge-share' as EventName<CustomEvent<NudgeShareDetail>>,
    onNudgeCopy: 'nudge-copy' as EventName<CustomEvent<NudgeCopyDetail>>,
  },
  displayName: 'NudgeReferralCard',
});
