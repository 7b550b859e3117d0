// The referral card's event detail types, apart from the element so its controller and menu can name them.

/** Detail of `nudge-share`. */
export interface NudgeShareDetail {
  method: 'web_share' | 'copy' | 'whatsapp' | 'x' | 'facebook' | 'email' | 'line' | 'wechat';
  url: string;
}
