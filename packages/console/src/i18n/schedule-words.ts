// The schedule fields' words in both console languages (kept apart from the main tables: one feature, one file).
import type { Lang } from '../i18n.js';

export const scheduleWords = {
  en: {
    legend: 'Schedule',
    help: 'Leave empty to show it whenever it is on. Times are in the site’s time zone: {z}.',
    start: 'Starts',
    startHelp: 'From this moment ({z}). Empty: already started.',
    end: 'Ends',
    endHelp: 'From this moment it is off ({z}). Empty: no end.',
    windows: 'Repeating windows',
    windowsHelp: 'Between start and end, on only inside one of these (none: all the time).',
    addWindow: 'Add a window',
    removeWindow: 'Remove window {n}',
    window: 'Window {n}',
    days: 'Days of the week (none: every day)',
    monthDays: 'Days of the month',
    monthDaysHelp: 'Numbers 1-31 separated by commas; -1 is the last day. Example for a member day: 1',
    from: 'From',
    to: 'Until',
    weekday: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
    zone: 'Site time zone',
    saveZone: 'Save time zone',
    zoneHelp: 'IANA name, such as Asia/Shanghai or America/New_York. Schedules’ local times are read in it.',
    histStart: 'schedule started {t} {i}',
    histStop: 'schedule stopped {t} {i}',
    inZone: 'times in {z}',
    widget: 'widget',
    experiment: 'experiment',
  },
  'zh-CN': {
    legend: '排期',
    help: '留空则开启时一直显示。时间按站点时区：{z}。',
    start: '开始时间',
    startHelp: '从此刻起生效（{z}）。留空：已开始。',
    end: '结束时间',
    endHelp: '从此刻起关闭（{z}）。留空：不结束。',
    windows: '重复时段',
    windowsHelp: '在开始与结束之间，只在这些时段内生效（不设：全天）。',
    addWindow: '添加时段',
    removeWindow: '删除时段 {n}',
    window: '时段 {n}',
    days: '星期（不选：每天）',
    monthDays: '每月日期',
    monthDaysHelp: '1-31 的数字，用逗号分隔；-1 为当月最后一天。会员日示例：1',
    from: '从',
    to: '到',
    weekday: { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' },
    zone: '站点时区',
    saveZone: '保存时区',
    zoneHelp: 'IANA 名称，如 Asia/Shanghai 或 America/New_York。排期的本地时间按此时区计算。',
    histStart: '排期开始 {t} {i}',
    histStop: '排期结束 {t} {i}',
    inZone: '时间按 {z}',
    widget: '组件',
    experiment: '实验',
  },
} satisfies Record<Lang, unknown>;

export type ScheduleWords = (typeof scheduleWords)['en'];

/** The words in `lang`, with `{z}`-style placeholders filled. */
export const sw = (lang: Lang, key: Exclude<keyof ScheduleWords, 'weekday'>, params: Record<string, string> = {}) =>
  scheduleWords[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`);
