// Console strings in English and Simplified Chinese; the choice is remembered per browser.

export type Lang = 'en' | 'zh-CN';

const en = {
  title: 'Nudge console',
  signIn: 'Sign in', signOut: 'Sign out', token: 'Admin token', yourName: 'Your name (shown in history)',
  tokenHelp: 'The token nudge-server printed on first start, or NUDGE_ADMIN_TOKEN.',
  badToken: 'That token was not accepted.',
  site: 'Site', version: 'Version',
  tabWidgets: 'Widgets', tabExperiments: 'Experiments', tabResults: 'Results', tabHistory: 'History', tabLive: 'Live events', tabReports: 'Widgets & referrals',
  enabled: 'On', disabled: 'Off', props: 'Settings', rawJson: 'Raw JSON', form: 'Form', preview: 'Preview', save: 'Publish', saving: 'Publishing…',
  published: 'Published version {v}.', undo: 'Undo', undone: 'Rolled back: version {v} is live.',
  invalid: 'Not published. Fix these fields:', notJson: 'This is not valid JSON: {m}',
  status: 'Status', traffic: 'Traffic', weights: 'Weights', start: 'Start', pause: 'Pause', stop: 'Stop', shipWinner: 'Ship {v}',
  confirm: 'Confirm', cancel: 'Cancel',
  confirmStart: 'Start {e}? Visitors will be assigned and exposed from now on.',
  confirmPause: 'Pause {e}? Everyone sees the control and no new exposures are counted.',
  confirmStop: 'Stop {e} without a winner? Everyone sees the control.',
  confirmShip: 'Ship {v} for {e}? The experiment stops and every visitor sees {v}.',
  confirmTraffic: 'Set traffic of {e} to {p}%?',
  confirmWeights: 'Change the split of {e} to {w}? Visitors already enrolled keep their variant.',
  confirmRollback: 'Roll back to version {v}? This publishes it again as a new version.',
  applyTraffic: 'Apply traffic', applyWeights: 'Apply weights',
  experiment: 'Experiment', from: 'From', to: 'To', refresh: 'Refresh',
  variant: 'Variant', exposed: 'Exposed', view_item: 'Viewed item', add_to_cart: 'Added to cart', begin_checkout: 'Began checkout', purchase: 'Purchased',
  conversion: 'Conversion', revenuePerVisitor: 'Revenue / visitor', aov: 'Avg order value', orders: 'Orders',
  funnel: 'Funnel (share of exposed visitors)',
  funnelNote: 'Each visitor counts once, in the variant of their first exposure. Viewed item: a product view at or after the exposure, or earlier on the same page in the same visit (pages report the view at load, before a widget scrolls into sight). Cart, checkout and purchase count only at or after the exposure.',
  overTime: 'Purchase conversion over time (cumulative by exposure day)',
  vitals: 'Web vitals (p75)', samples: 'Samples', noData: 'No exposures in this range yet.',
  vitalsPages: '(~{n} page views at {p})', vitalsPagesMixed: '(~{n} page views, sampled at different rates)',
  history: 'Publish history', who: 'Who', when: 'When', what: 'What changed', rollback: 'Roll back to this', current: 'live',
  showDiff: 'Diff', live: 'Last events (refreshes every 2 s)', event: 'Event', time: 'Time', visitor: 'Visitor', source: 'Source',
  widgetsReport: 'Widgets', shows: 'Shows', claims: 'Claims', shares: 'Shares', dismissals: 'Dismissals',
  stockClaims: 'What each stock banner displayed', figures: 'Figures shown',
  referrals: 'Referrals', code: 'Code', landings: 'Friends landed', firstPurchases: 'First purchases', rewardsOwed: 'Rewards owed',
  inviter: 'inviter', friend: 'friend', previewVariant: 'Preview as variant', control: 'control',
  consoleError: 'Request failed: {m}',
  tabSettings: 'Site settings', allowedOrigins: 'Allowed origins (one per line)', saveOrigins: 'Save origins', originsSaved: 'Allowed origins saved.',
  writeKeys: 'Write keys (server-side / Segment libraries)', newWriteKey: 'New write key', writeKeyOnce: 'Copy it now, it is shown only once:',
  newSite: 'New site', siteId: 'Site id', siteName: 'Name', create: 'Create', created: 'Site {s} created.', 
  stats: 'Stored: {v} events + {i} with invalid fields, kept as nudge_error · refused, not stored: {r} · dropped by clients before sending: {d}',
  tabErrors: 'Errors', errorsBadge: '({n} in this period)', errorsTitle: 'Errors (nudge_error events)',
  errorsNote: 'Events Nudge could not use as sent, grouped by what went wrong. An event with invalid fields is kept here and is not counted in the other reports until its sender is fixed.',
  noErrors: 'No errors in this period.', errorsSummary: 'Errors in this period: {n}, of {g} kinds.', errorsCut: 'Showing the {n} most frequent of {g} kinds.',
  errWhatCol: 'What went wrong', errWhereCol: 'Where', errCount: 'Count', visitors: 'Visitors', lastSeen: 'Last seen', firstSeen: 'first', exampleMessage: 'Example message',
  field: 'Field', errInvalidProps: '{e} sent with an invalid field', errInvalidConfig: 'Invalid remote config', errInvalidName: 'Invalid event name',
  errWidget: 'A widget failed', errLoad: 'A part of Nudge did not load ({s})', errOther: 'Other error',
};
export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  title: 'Nudge 控制台',
  signIn: '登录', signOut: '退出', token: '管理令牌', yourName: '你的名字（记录在历史中）',
  tokenHelp: 'nudge-server 首次启动时打印的令牌，或 NUDGE_ADMIN_TOKEN。',
  badToken: '令牌无效。',
  site: '站点', version: '版本',
  tabWidgets: '组件', tabExperiments: '实验', tabResults: '结果', tabHistory: '历史', tabLive: '实时事件', tabReports: '组件与推荐',
  enabled: '开', disabled: '关', props: '设置', rawJson: '原始 JSON', form: '表单', preview: '预览', save: '发布', saving: '发布中…',
  published: '已发布版本 {v}。', undo: '撤销', undone: '已回滚：版本 {v} 已生效。',
  invalid: '未发布。请修正以下字段：', notJson: '不是有效的 JSON：{m}',
  status: '状态', traffic: '流量', weights: '权重', start: '开始', pause: '暂停', stop: '停止', shipWinner: '发布 {v}',
  confirm: '确认', cancel: '取消',
  confirmStart: '开始 {e}？从现在起访客会被分组并计入曝光。',
  confirmPause: '暂停 {e}？所有人看到对照组，不再计入新的曝光。',
  confirmStop: '停止 {e} 且不选胜者？所有人看到对照组。',
  confirmShip: '为 {e} 发布 {v}？实验停止，所有访客看到 {v}。',
  confirmTraffic: '将 {e} 的流量设为 {p}%？',
  confirmWeights: '将 {e} 的分配改为 {w}？已入组的访客保持原分组。',
  confirmRollback: '回滚到版本 {v}？它会作为新版本重新发布。',
  applyTraffic: '应用流量', applyWeights: '应用权重',
  experiment: '实验', from: '从', to: '到', refresh: '刷新',
  variant: '变体', exposed: '曝光', view_item: '浏览商品', add_to_cart: '加入购物车', begin_checkout: '开始结账', purchase: '购买',
  conversion: '转化率', revenuePerVisitor: '每访客收入', aov: '客单价', orders: '订单',
  funnel: '漏斗（占曝光访客的比例）',
  funnelNote: '每位访客只计一次，归入其首次曝光时的变体。浏览商品：曝光时或之后的商品浏览，或同一次访问中、同一页面上曝光之前的浏览（页面在加载时就上报浏览，组件要滚动后才出现）。加入购物车、开始结账和购买只计曝光时或之后的。',
  overTime: '购买转化率随时间变化（按曝光日累计）',
  vitals: '网页指标（p75）', samples: '样本', noData: '此时间段内还没有曝光。',
  vitalsPages: '（约 {n} 次页面浏览，采样率 {p}）', vitalsPagesMixed: '（约 {n} 次页面浏览，采样率不一）',
  history: '发布历史', who: '谁', when: '何时', what: '改了什么', rollback: '回滚到此版本', current: '当前',
  showDiff: '差异', live: '最新事件（每 2 秒刷新）', event: '事件', time: '时间', visitor: '访客', source: '来源',
  widgetsReport: '组件', shows: '展示', claims: '领取', shares: '分享', dismissals: '关闭',
  stockClaims: '每个库存横幅实际展示的内容', figures: '展示的数字',
  referrals: '推荐', code: '推荐码', landings: '好友到访', firstPurchases: '首单', rewardsOwed: '应发奖励',
  inviter: '邀请人', friend: '好友', previewVariant: '按变体预览', control: '对照组',
  consoleError: '请求失败：{m}',
  tabSettings: '站点设置', allowedOrigins: '允许的来源（每行一个）', saveOrigins: '保存来源', originsSaved: '已保存允许的来源。',
  writeKeys: '写入密钥（服务端 / Segment 库）', newWriteKey: '新建写入密钥', writeKeyOnce: '请立即复制，只显示一次：',
  newSite: '新建站点', siteId: '站点 ID', siteName: '名称', create: '创建', created: '已创建站点 {s}。', 
  stats: '已存储：{v} 个事件 + {i} 个字段无效的事件（存为 nudge_error）· 被拒且未存储：{r} · 客户端发送前丢弃：{d}',
  tabErrors: '错误', errorsBadge: '（此时间段 {n} 个）', errorsTitle: '错误（nudge_error 事件）',
  errorsNote: 'Nudge 无法按原样使用的事件，按出错原因分组。字段无效的事件保存在这里，在发送方修复之前不计入其他报表。',
  noErrors: '此时间段内没有错误。', errorsSummary: '此时间段内共 {n} 个错误，{g} 类。', errorsCut: '显示最常见的 {n} 类，共 {g} 类。',
  errWhatCol: '出了什么问题', errWhereCol: '位置', errCount: '次数', visitors: '访客', lastSeen: '最近一次', firstSeen: '首次', exampleMessage: '示例信息',
  field: '字段', errInvalidProps: '{e} 发送时带有无效字段', errInvalidConfig: '远程配置无效', errInvalidName: '事件名称无效',
  errWidget: '组件出错', errLoad: 'Nudge 的一部分未能加载（{s}）', errOther: '其他错误',
};

const tables: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export function pickLang(saved: string | null, navigatorLang: string): Lang {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigatorLang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return tables[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
