// The props columns made at insert read a field as the DuckDB backend's SQL does: checked against DuckDB itself.
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { row } from '../contract/fixtures.js';
import { jsonText, propPaths, toDouble, toInsertRow } from './rows.js';

const VALUES: unknown[] = [
  12,
  -0.5,
  '12',
  ' 12 ',
  '1e3',
  '.5',
  '5.',
  'abc',
  '',
  '0x10',
  true,
  false,
  'true',
  'TRUE',
  't',
  'yes',
  'Y',
  '1',
  '0',
  'on',
  ' true ',
  null,
  { a: 1 },
  [1, 2],
];

it('reads numbers and booleans as DuckDB TRY_CAST does on json_extract_string', async () => {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  for (const v of VALUES) {
    const props = JSON.stringify({ lcp: v, simulated: v });
    const [r] = (
      await db.runAndReadAll(
        `SELECT TRY_CAST(json_extract_string($p, '$.lcp') AS DOUBLE) AS n,
          coalesce(TRY_CAST(json_extract_string($p, '$.simulated') AS BOOLEAN), false) AS b, json_extract_string($p, '$.lcp') AS t`,
        { p: props },
      )
    ).getRowObjects();
    const ours = toInsertRow(row('s', 'web_vitals', 1, 'a', { props: JSON.parse(props) as Record<string, unknown> }));
    expect([jsonText(v), toDouble(jsonText(v)), ours.lcp, ours.simulated], JSON.stringify(v)).toEqual([
      r!.t,
      r!.n,
      r!.n,
      r!.b ? 1 : 0,
    ]);
  }
  db.closeSync();
});

it('keeps every props path a metric may name, and the screen width, as DuckDB reads them', async () => {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const props = { a: 1, b: { c: 'x', d: { e: { f: 2, g: { h: 3 } } }, n: null }, 'not-a-name': 4, s: ' 7 ' };
  const paths = propPaths(props);
  expect(paths.keys).toEqual(['a', 'b', 'b.c', 'b.d', 'b.d.e', 'b.d.e.f', 'b.d.e.g', 's']);
  for (const [i, k] of paths.keys.entries()) {
    const [r] = (
      await db.runAndReadAll(
        `SELECT json_extract_string($p, $k) AS t, TRY_CAST(json_extract_string($p, $k) AS DOUBLE) AS n`,
        { p: JSON.stringify(props), k: `$.${k}` },
      )
    ).getRowObjects();
    expect([paths.texts[i], paths.nums[i]], k).toEqual([r!.t, r!.n]);
  }
  for (const screen of [
    '390x844',
    ' 800x600',
    '1440',
    'x',
    'wide',
    '12.5x3',
    '-2.5x1',
    '1e3x1',
    '.5x1',
    '99999999999x1',
    '',
  ]) {
    const [r] = (
      await db.runAndReadAll(`SELECT TRY_CAST(split_part($s, 'x', 1) AS INTEGER) AS w`, { s: screen })
    ).getRowObjects();
    const ours = toInsertRow(row('s', 'page_view', 1, 'a', { context: { screen } }));
    expect(ours.c_screen_w, screen).toBe(r!.w);
  }
  db.closeSync();
});
