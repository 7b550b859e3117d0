// The one SQL escaping function, against hostile input: every value round-trips through a real ClickHouse unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickHouseBinary,
  startClickHouse,
  type ClickHouseEngine,
} from '../../../../../test/support/engines/clickhouse.js';
import { ident, lit } from './sql.js';

const HOSTILE = [
  "'; DROP TABLE events; --",
  "\\'; SELECT 1; --",
  'back\\slash at the end\\',
  "quote ' and \\' and \\\\'",
  'nul \0 byte, bell \x07, tab \t, newline \n, cr \r, del \x7f',
  '中文 и emoji 🚀 \u2028 \uffff',
  '',
  '?',
  '{name:String}',
  '$1 :x @y',
];

describe('lit', () => {
  it('quotes text and escapes backslashes, quotes and control characters', () => {
    expect(lit("a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(lit('x\ny\0')).toBe("'x\\ny\\0'");
    expect(lit('\x01')).toBe("'\\x01'");
    expect(lit(null)).toBe('NULL');
    expect(lit(true)).toBe('1');
    expect(lit(-42)).toBe('-42');
    expect(lit(0.5)).toBe('toFloat64(0.5)');
    expect(lit(['a', 1])).toBe("['a', 1]");
  });

  it('refuses what it cannot inline exactly', () => {
    for (const v of [NaN, Infinity, 2 ** 60, undefined, {}, () => 1, 10n]) expect(() => lit(v as unknown)).toThrow();
    expect(() => ident('events; DROP')).toThrow();
    expect(() => ident('1x')).toThrow();
    expect(ident('nudge_events')).toBe('nudge_events');
  });

  describe.skipIf(!clickHouseBinary())('on a real ClickHouse', () => {
    let engine: ClickHouseEngine;
    beforeAll(async () => {
      engine = await startClickHouse({ shards: 1 });
    }, 120_000);
    afterAll(() => engine?.stop());

    it('reads every hostile string back unchanged, and a quote cannot end the literal', async () => {
      const sql = `SELECT ${HOSTILE.map((s, i) => `${lit(s)} AS v${i}`).join(', ')} FORMAT JSONEachRow`;
      const r = await fetch(`${engine.shards[0]}/`, { method: 'POST', body: sql });
      expect(r.status, await r.clone().text()).toBe(200);
      const row = (await r.json()) as Record<string, string>;
      expect(HOSTILE.map((_, i) => row[`v${i}`])).toEqual(HOSTILE);
    });
  });
});
