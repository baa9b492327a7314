import type { Pool, PoolClient } from 'pg';
import type { TPiiCipher } from '../../infra/crypto';

/** Counts of one column (or `inbound_messages.body`) after a rotation pass. */
export type TRotationCount = { column: string; rewritten: number; failed: number };

type TOptions = {
  pool: Pool;
  pii: TPiiCipher;
  batchSize?: number;
  /** Progress lines (the script prints them); never given personal data. */
  log?: (line: string) => void;
};

const TOKEN = /^[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9+/]+={0,2}$/;
const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/**
 * Re-encrypts every stored PII token with the current key. The columns are found in the
 * database (every `*_enc` column of a table with an `id`), plus the stored inbound messages
 * whose body is a token (Open311) or a JSON object with `…Enc` fields (the portal).
 *
 * Batches of `batchSize` rows, one transaction each, in id order; a row is written only if its
 * values are still what was read (a concurrent write wins). Rows already on the current key are
 * not selected, so running it again — after a crash, or twice — does only what is left.
 * Hashes are not touched: their key does not rotate.
 */
export async function rotatePii(opts: TOptions): Promise<TRotationCount[]> {
  const batchSize = opts.batchSize ?? 500;
  const counts: TRotationCount[] = [];
  const { rows: columns } = await opts.pool.query<{ table: string; column: string }>(
    `select c.table_name as table, c.column_name as column
       from information_schema.columns c
      where c.table_schema = current_schema() and c.column_name like '%\\_enc' and c.data_type = 'text'
        and exists (select 1 from information_schema.columns k
                     where k.table_schema = c.table_schema and k.table_name = c.table_name and k.column_name = 'id')
      order by 1, 2`,
  );
  const tables = new Map<string, string[]>();
  for (const c of columns) tables.set(c.table, [...(tables.get(c.table) ?? []), c.column]);

  for (const [table, cols] of tables) {
    const result = cols.map((column) => ({ column: `${table}.${column}`, rewritten: 0, failed: 0 }));
    const stale = cols.map((c, i) => `(${quote(c)} not like $${i + 2})`).join(' or ');
    const prefixes = cols.map(() => `${opts.pii.currentKeyId}.%`);
    await forEachBatch(opts.pool, async (client, afterId) => {
      const { rows } = await client.query<Record<string, string | null>>(
        `select id::text as id, ${cols.map(quote).join(', ')} from ${quote(table)}
          where (${stale}) ${afterId === null ? 'and $1::text is null' : 'and id > $1'}
          order by id limit ${batchSize}`,
        [afterId, ...prefixes],
      );
      for (const row of rows) {
        const sets: string[] = [];
        const where: string[] = [];
        const params: unknown[] = [row.id];
        cols.forEach((col, i) => {
          const token = row[col];
          if (!token || opts.pii.isCurrent(token)) return;
          const fresh = reencrypt(opts.pii, token);
          if (fresh === null) return void result[i]!.failed++;
          params.push(fresh, token);
          sets.push(`${quote(col)} = $${params.length - 1}`);
          where.push(`${quote(col)} = $${params.length}`);
          result[i]!.rewritten++;
        });
        if (sets.length === 0) continue;
        await client.query(
          `update ${quote(table)} set ${sets.join(', ')} where id = $1 and ${where.join(' and ')}`,
          params,
        );
      }
      return rows.at(-1)?.id ?? null;
    });
    for (const r of result) opts.log?.(`${r.column}: ${r.rewritten} rewritten, ${r.failed} failed`);
    counts.push(...result);
  }

  counts.push(await rotateInboundBodies(opts, batchSize));
  return counts;
}

/** Open311 bodies are one token; portal bodies are JSON whose `…Enc` fields are tokens. */
async function rotateInboundBodies(opts: TOptions, batchSize: number): Promise<TRotationCount> {
  const result: TRotationCount = { column: 'inbound_messages.body', rewritten: 0, failed: 0 };
  await forEachBatch(opts.pool, async (client, afterId) => {
    const { rows } = await client.query<{ id: string; body: string }>(
      `select id::text as id, body from inbound_messages
        where ((body ~ '^[A-Za-z0-9_-]{1,32}\\.' and body not like $2) or (body like '{%' and body like '%Enc":"%'))
          ${afterId === null ? 'and $1::text is null' : 'and id > $1'}
        order by id limit ${batchSize}`,
      [afterId, `${opts.pii.currentKeyId}.%`],
    );
    for (const row of rows) {
      const fresh = rotateBody(opts.pii, row.body);
      if (fresh === 'failed') result.failed++;
      if (typeof fresh !== 'string' || fresh === 'failed') continue;
      await client.query('update inbound_messages set body = $2 where id = $1 and body = $3', [
        row.id,
        fresh,
        row.body,
      ]);
      result.rewritten++;
    }
    return rows.at(-1)?.id ?? null;
  });
  opts.log?.(`${result.column}: ${result.rewritten} rewritten, ${result.failed} failed`);
  return result;
}

/** The new body, null when nothing in it is stale, 'failed' when a token cannot be decrypted. */
function rotateBody(pii: TPiiCipher, body: string): string | null | 'failed' {
  if (TOKEN.test(body)) {
    if (pii.isCurrent(body)) return null;
    return reencrypt(pii, body) ?? 'failed';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const obj = parsed as Record<string, unknown>;
  let changed = false;
  for (const [key, value] of Object.entries(obj)) {
    if (!key.endsWith('Enc') || typeof value !== 'string' || !TOKEN.test(value) || pii.isCurrent(value))
      continue;
    const fresh = reencrypt(pii, value);
    if (fresh === null) return 'failed';
    obj[key] = fresh;
    changed = true;
  }
  return changed ? JSON.stringify(obj) : null;
}

function reencrypt(pii: TPiiCipher, token: string): string | null {
  try {
    return pii.encrypt(pii.decrypt(token));
  } catch {
    return null;
  }
}

/** Runs `step` in one transaction per batch, from the start, until it reports no last id. */
async function forEachBatch(
  pool: Pool,
  step: (client: PoolClient, afterId: string | null) => Promise<string | null>,
): Promise<void> {
  let afterId: string | null = null;
  do {
    const client = await pool.connect();
    try {
      await client.query('begin');
      afterId = await step(client, afterId);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  } while (afterId !== null);
}
