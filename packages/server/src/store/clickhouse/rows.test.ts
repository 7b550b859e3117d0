// The props columns made at insert read a field as the DuckDB backend's SQL does: checked against DuckDB itself.
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { row } from '../contract/fixtures.js';
import { jsonText, toDouble, toInsertRow } from './rows.js';

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
