// Scheduled experiments in createNudge: off until the page file's schedule check is installed, then following it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isScheduled } from './config/schedule.js';
import type { NudgeConfig } from './config/schema.js';
import { createNudge } from './nudge.js';
import { memoryStorage } from './storage/storage.js';
import { $assignments, $config, $runtime, $user } from './stores.js';
import type { Batch } from './track/schema.js';

const doc = (schedule: NonNullable<NudgeConfig['experiments'][number]['schedule']>): NudgeConfig => ({
  schema: 1,
  site: 'demo',
  version: 1,
  timeZone: 'Asia/Shanghai',
  widgets: [{ id: 'bar', type: 'buy-bar', props: { color: '#0b57d0' } }],
  experiments: [
    {
      key: 'bar-color',
      status: 'running',
      traffic: 1,
      schedule,
      variants: [
        { key: 'control', weight: 0 },
        { key: 'red', weight: 1, patch: { bar: { color: '#d92d20' } } },
      ],
    },
  ],
});

function setup(config: NudgeConfig) {
  const batches: Batch[] = [];
  const send = vi.fn(async ({ body }: { body: string }) => {
    batches.push(JSON.parse(body));
    return { status: 200 };
  });
  const nudge = createNudge({ site: 'demo', endpoint: 'https://api.example', storage: memoryStorage(), send, config });
  const exposures = async () => {
    await nudge.flush();
    return batches.flatMap((b) => b.events).filter((e) => e.name === 'experiment_exposure').length;
  };
  return { nudge, exposures };
}

beforeEach(() => {
  $config.set(null);
  $assignments.set({});
  $runtime.set(null);
  $user.set({});
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(null, { status: 304 })),
  );
});
afterEach(() => vi.unstubAllGlobals());

const applied = () => vi.waitFor(() => expect($config.get()?.version).toBe(1), { timeout: 5000 });
const hour = 3_600_000;

describe('scheduled experiments', () => {
  it('enrols no one before its start or after its end (control, no exposure), and does inside them', async () => {
    const check = () => $runtime.get()!.schedule!((s) => isScheduled(s, 'UTC', Date.now()));
    const before = setup(doc({ start: new Date(Date.now() + hour).toISOString() }));
    await applied();
    check();
    expect($assignments.get()['bar-color']).toEqual({ variant: 'control', reason: 'not-running' });
    expect(before.nudge.variant('bar-color')).toBe('control');
    expect(await before.exposures()).toBe(0);
    before.nudge.close();

    $config.set(null);
    const ended = setup(doc({ end: new Date(Date.now() - 1).toISOString() }));
    await applied();
    check();
    expect($assignments.get()['bar-color']!.reason).toBe('not-running');
    ended.nudge.close();

    $config.set(null);
    const live = setup(
      doc({ start: new Date(Date.now() - hour).toISOString(), end: new Date(Date.now() + hour).toISOString() }),
    );
    await applied();
    // Without the page file's check (a page that loaded none) a scheduled experiment enrols no one, on the safe side.
    expect($assignments.get()['bar-color']!.reason).toBe('not-running');
    check();
    expect(live.nudge.variant('bar-color')).toBe('red');
    expect($runtime.get()!.widgetProps('bar')!.color).toBe('#d92d20');
    expect(await live.exposures()).toBe(1);
    live.nudge.close();
  });

  it('follows repeating windows in the site zone once the check is in, and re-assigns when a boundary passes', async () => {
    const { nudge, exposures } = setup(doc({ windows: [{ from: '00:00', to: '24:00' }] }));
    await applied();
    expect($assignments.get()['bar-color']!.reason).toBe('not-running');
    const zone = $config.get()!.timeZone!;
    let now = Date.now();
    $runtime.get()!.schedule!((s) => isScheduled(s, zone, now));
    expect($assignments.get()['bar-color']).toEqual({ variant: 'red', reason: 'assigned' });
    expect($runtime.get()!.widgetProps('bar')!.color).toBe('#d92d20');
    // A boundary passes (the page file's timer): re-assigned at once, back to the control without exposure.
    now = Date.now() - 1;
    $runtime.get()!.schedule!(() => false);
    expect($assignments.get()['bar-color']!.reason).toBe('not-running');
    expect($runtime.get()!.widgetProps('bar')!.color).toBe('#0b57d0');
    expect(nudge.variant('bar-color')).toBe('control');
    expect(await exposures()).toBe(0);
    nudge.close();
  });
});
