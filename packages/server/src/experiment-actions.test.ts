// The history messages the experiment actions write are ones the console can say in the reader's language.
import { expect, it } from 'vitest';
import { historyMessage } from '../../console/src/history-words.js';
import { describeAction, type ExperimentAction } from './experiment-actions.js';

it('writes messages the console reads back in English as written and in Chinese words', () => {
  const actions: ExperimentAction[] = [
    { action: 'start' },
    { action: 'pause' },
    { action: 'stop' },
    { action: 'stop', winner: 'red' },
    { action: 'traffic', traffic: 0.4 },
    { action: 'weights', weights: { red: 3, blue: 0.5 } },
  ];
  const written = actions.map((a) => describeAction('bar', a));
  expect(written.map((m) => historyMessage('en', m))).toEqual(written);
  expect(written.map((m) => historyMessage('zh-CN', m))).toEqual([
    '开始实验 bar',
    '暂停实验 bar',
    '停止实验 bar',
    '停止实验 bar，全量上线 red',
    '实验 bar：流量 40%',
    '实验 bar：权重 red=3, blue=0.5',
  ]);
});
