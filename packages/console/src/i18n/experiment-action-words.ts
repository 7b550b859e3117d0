// What an experiment's state and each of its actions mean for visitors, in both console languages (one feature, one file).
import type { Lang } from '../i18n.js';

const en = {
  stateDraft: 'A draft: no visitor sees it. Set it up, then start it.',
  stateRunning:
    'Running: {p}% of the visitors it targets take part, split between {v} by weight; the others see the widgets without its changes.',
  stateShipped: 'Stopped with a winner: every visitor sees {v}.',
  doStart: 'Visitors it targets start taking part ({p}%), split between its variants by weight.',
  doResume: 'Resumes it: visitors take part again; those already in it keep their variant.',
  doRestart:
    'Starts it again: visitors take part, split between its variants by weight, instead of everyone seeing {v}.',
  doPause: 'Every visitor sees the control, {v}, until it is resumed; no new exposures are counted.',
  doStop: 'Ends it without a winner: every visitor sees the control, {v}.',
  doShip: 'Shipping a variant ends the experiment: every visitor sees that variant.',
  doShipOther: 'Shipping another variant shows that one to every visitor instead of {v}.',
  doTraffic: 'The share of the visitors it targets that takes part; visitors already in it keep their variant.',
  doWeights: 'How new visitors are split between its variants; visitors already in it keep theirs.',
  doSchedule: 'Outside these times every visitor sees the control, {v}.',
  beforeStart: 'No visitor sees this until it is started.',
};

const zh: Record<keyof typeof en, string> = {
  stateDraft: '草稿：访客看不到它。设置好后再开始。',
  stateRunning: '运行中：目标访客中的 {p}% 参与，按权重分配到 {v}；其他访客看到的组件不含它的改动。',
  stateShipped: '已停止并选出胜者：所有访客看到 {v}。',
  doStart: '目标访客开始参与（{p}%），按权重分配到各变体。',
  doResume: '继续实验：访客重新参与；已参与的访客保持原变体。',
  doRestart: '重新开始实验：访客按权重分配到各变体，不再是所有人看到 {v}。',
  doPause: '在继续之前，所有访客看到对照组 {v}；不再计入新的曝光。',
  doStop: '不选胜者结束实验：所有访客看到对照组 {v}。',
  doShip: '全量上线一个变体会结束实验：所有访客看到该变体。',
  doShipOther: '全量上线另一个变体后，所有访客看到它，而不再是 {v}。',
  doTraffic: '目标访客中参与实验的比例；已参与的访客保持原变体。',
  doWeights: '新访客在各变体间的分配；已参与的访客保持原变体。',
  doSchedule: '在这些时间之外，所有访客看到对照组 {v}。',
  beforeStart: '开始之前，访客看不到这些设置的效果。',
};

export const experimentActionWords: Record<Lang, typeof en> = { en, 'zh-CN': zh };

export type ExperimentActionWord = keyof typeof en;

/** One of these words in `lang`, its `{name}` placeholders filled. */
export const aw = (lang: Lang, key: ExperimentActionWord, params: Record<string, string | number> = {}) =>
  experimentActionWords[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
