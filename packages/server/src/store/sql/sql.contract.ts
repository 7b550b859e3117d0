// What every Sql adapter must do the same way (run by each backend's test file with a fresh, empty database).
import { describe, expect, it } from 'vitest';
import { migrate, type Sql } from './sql.js';

export type SqlFactory = () => Promise<{ sql: Sql; close(): Promise<void> }>;

export function sqlContract(name: string, open: SqlFactory): void {
  describe(`Sql seam: ${name}`, () => {
    const withDb = (fn: (sql: Sql) => Promise<void>) => async () => {
      const db = await open();
      try {
        await fn(db.sql);
      } finally {
        await db.close();
      }
    };

    it(
      'binds positional parameters and returns BIGINT and DOUBLE PRECISION as numbers',
      withDb(async (sql) => {
        await sql.query(
          'CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT NOT NULL, x DOUBLE PRECISION, ok BOOLEAN, note TEXT)',
        );
        const back = await sql.query('INSERT INTO t VALUES ($1, $2, $3, $4, $5) RETURNING id, n', [
          "it's",
          1_765_000_000_123,
          12.5,
          true,
          null,
        ]);
        expect(back).toEqual([{ id: "it's", n: 1_765_000_000_123 }]);
        expect(await sql.query('SELECT * FROM t WHERE id = $1', ["it's"])).toEqual([
          { id: "it's", n: 1_765_000_000_123, x: 12.5, ok: true, note: null },
        ]);
        expect(await sql.query('SELECT count(*) AS c FROM t')).toEqual([{ c: 1 }]);
      }),
    );

    it(
      'rolls a failed transaction back and commits a good one',
      withDb(async (sql) => {
        await sql.query('CREATE TABLE t (id TEXT PRIMARY KEY)');
        await expect(
          sql.transaction(async (tx) => {
            await tx.query('INSERT INTO t VALUES ($1)', ['a']);
            throw new Error('no');
          }),
        ).rejects.toThrow('no');
        expect(await sql.query('SELECT id FROM t')).toEqual([]);
        const out = await sql.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES ($1)', ['b']);
          return (await tx.query('SELECT id FROM t')).length;
        });
        expect(out).toBe(1);
        expect(await sql.query('SELECT id FROM t')).toEqual([{ id: 'b' }]);
      }),
    );

    it(
      'upserts with ON CONFLICT',
      withDb(async (sql) => {
        await sql.query('CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT NOT NULL)');
        for (const n of [1, 5, 3])
          await sql.query('INSERT INTO t VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = greatest(t.n, excluded.n)', [
            'k',
            n,
          ]);
        expect(await sql.query('SELECT n FROM t')).toEqual([{ n: 5 }]);
        const none = await sql.query('INSERT INTO t VALUES ($1, $2) ON CONFLICT (k) DO NOTHING RETURNING k', ['k', 9]);
        expect(none).toEqual([]);
      }),
    );

    it(
      'hands each free row to exactly one of many concurrent conditional claims',
      withDb(async (sql) => {
        await sql.query('CREATE TABLE codes (code TEXT PRIMARY KEY, owner TEXT)');
        for (let i = 0; i < 10; i++) await sql.query('INSERT INTO codes VALUES ($1, NULL)', [`c${i}`]);
        const claim = async (owner: string): Promise<string | undefined> => {
          for (let attempt = 0; attempt < 20; attempt++) {
            const [free] = await sql.query<{ code: string }>(
              'SELECT code FROM codes WHERE owner IS NULL ORDER BY code LIMIT 1',
            );
            if (!free) return undefined;
            const [won] = await sql.query<{ code: string }>(
              'UPDATE codes SET owner = $1 WHERE code = $2 AND owner IS NULL RETURNING code',
              [owner, free.code],
            );
            if (won) return won.code;
          }
          return undefined;
        };
        const got = await Promise.all(Array.from({ length: 15 }, (_, i) => claim(`v${i}`)));
        const issued = got.filter(Boolean);
        expect(issued).toHaveLength(10);
        expect(new Set(issued).size).toBe(10);
      }),
    );

    it(
      'runs each migration once, in order, and records it',
      withDb(async (sql) => {
        const steps = [
          { version: 2, why: 'a column', sql: 'ALTER TABLE m ADD COLUMN b TEXT' },
          { version: 1, why: 'the table', sql: "CREATE TABLE m (a TEXT); INSERT INTO m (a) VALUES ('x')" },
        ];
        await migrate(sql, 'demo', steps);
        await migrate(sql, 'demo', steps);
        expect(await sql.query('SELECT a, b FROM m')).toEqual([{ a: 'x', b: null }]);
        const done = await sql.query('SELECT version FROM schema_versions WHERE component = $1 ORDER BY version', [
          'demo',
        ]);
        expect(done).toEqual([{ version: 1 }, { version: 2 }]);
        await expect(
          migrate(sql, 'demo', [...steps, { version: 3, why: 'broken', sql: 'ALTER TABLE nope ADD COLUMN c TEXT' }]),
        ).rejects.toThrow('migration demo 3 (broken) failed');
      }),
    );

    it(
      'lets two servers migrate one database at once: each step runs once',
      withDb(async (sql) => {
        const steps = [
          { version: 1, why: 'a table', sql: 'CREATE TABLE IF NOT EXISTS twice (a TEXT)' },
          { version: 2, why: 'a row', sql: "INSERT INTO twice VALUES ('x')" },
        ];
        // eight at once: on Postgres, unguarded concurrent CREATE TABLE IF NOT EXISTS fails on a catalog key
        const components = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
        await Promise.all(components.map((c) => migrate(sql, c, steps)));
        expect(await sql.query('SELECT a FROM twice')).toEqual([{ a: 'x' }, { a: 'x' }]);
      }),
    );
  });
}
