import { expect, it } from 'vitest';
import { InProcessBus } from './bus.js';

it("tells a site's subscribers and the every-site ones which version is in force; a broken one stops no other", () => {
  const bus = new InProcessBus();
  const heard: string[] = [];
  const off = bus.subscribe('shop', (v, site) => heard.push(`shop ${site} v${v}`));
  bus.subscribe('shop', () => {
    throw new Error('a stream that went away');
  });
  bus.subscribe('*', (v, site) => heard.push(`* ${site} v${v}`));
  bus.publish('shop', 3);
  bus.publish('demo', 7);
  expect(heard).toEqual(['shop shop v3', '* shop v3', '* demo v7']);
  // open streams: the every-site listener (the config service) is not one
  expect([bus.count('shop'), bus.count()]).toEqual([2, 2]);
  off();
  expect(bus.count('shop')).toBe(1);
});
