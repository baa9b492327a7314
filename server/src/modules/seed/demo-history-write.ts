/** Writing the demo history: citizens (encrypted), ticket numbers, and rows in bulk. */
import { toShanghaiDate } from '@hotline/shared';
import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgInsertValue, type PgTable } from 'drizzle-orm/pg-core';
import { maskPhone, type TPiiCipher } from '../../infra/crypto';
import type { TTx } from '../../infra/db/client';
import { citizens } from '../../infra/db/schema';
import type { TCitizenSeed, TSpec } from './demo-history-spec';

const CHUNK = 500;
const JSON_CHUNK = 5000;

export async function writeCitizens(tx: TTx, pii: TPiiCipher, specs: TSpec[]): Promise<Map<string, string>> {
  const seeds = new Map<string, TCitizenSeed>();
  const since = new Map<string, Date>();
  for (const s of specs) {
    if (!s.citizen) continue;
    seeds.set(s.citizen.phone, s.citizen);
    const first = since.get(s.citizen.phone);
    if (!first || s.createdAt < first) since.set(s.citizen.phone, s.createdAt);
  }
  const byHash = new Map<string, string>();
  const rows = [...seeds.values()].map((c) => {
    const phoneHash = pii.hash(c.phone);
    byHash.set(phoneHash, c.phone);
    return {
      phoneHash,
      phoneEnc: pii.encrypt(c.phone),
      phoneMasked: maskPhone(c.phone),
      nameEnc: pii.encrypt(c.name),
      createdAt: since.get(c.phone),
    };
  });
  const ids = new Map<string, string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    // A demo phone that is already a citizen keeps that citizen (and its name).
    const res = await tx
      .insert(citizens)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoUpdate({ target: citizens.phoneHash, set: { phoneHash: sql`excluded.phone_hash` } })
      .returning({ id: citizens.id, phoneHash: citizens.phoneHash });
    for (const r of res) ids.set(byHash.get(r.phoneHash!)!, r.id);
  }
  return ids;
}

/** Numbers as create-ticket gives them: per China day, from the same sequences, in time order. */
export async function allocateNumbers(tx: TTx, specs: TSpec[]): Promise<string[]> {
  const days = specs.map((s) => toShanghaiDate(s.createdAt).replaceAll('-', ''));
  const perDay = new Map<string, number>();
  for (const d of days) perDay.set(d, (perDay.get(d) ?? 0) + 1);
  // Each day's sequence (made if missing) gives as many numbers as the day has tickets.
  const res = await tx.execute(sql`
    with d as materialized (
      select key as day, value::int as count, ticket_no_sequence(key) as seq
      from jsonb_each_text(${JSON.stringify(Object.fromEntries(perDay))}::jsonb))
    select d.day, nextval(d.seq) as n from d, generate_series(1, d.count)`);
  const taken = new Map<string, number[]>();
  for (const r of res.rows as { day: string; n: string }[]) {
    const list = taken.get(r.day) ?? [];
    list.push(Number(r.n));
    taken.set(r.day, list);
  }
  for (const list of taken.values()) list.sort((a, b) => b - a);
  const order = specs
    .map((s, i) => i)
    .sort((a, b) => specs[a]!.createdAt.getTime() - specs[b]!.createdAt.getTime());
  const numbers: string[] = new Array(specs.length);
  for (const i of order) {
    const day = days[i]!;
    const n = String(taken.get(day)!.pop()!);
    numbers[i] = day + n.padStart(6, '0');
  }
  return numbers;
}

/**
 * Many rows in a few statements: each chunk travels as one JSON parameter and is unpacked by
 * jsonb_to_recordset (in order, so bigserial ids follow the array). Columns no row sets keep
 * their defaults.
 */
export async function insertChunked<T extends PgTable>(
  tx: TTx,
  table: T,
  rows: PgInsertValue<T>[],
): Promise<void> {
  if (!rows.length) return;
  const { name } = getTableConfig(table);
  const byKey = new Map(Object.entries(getTableColumns(table)));
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cols = keys.map((k) => {
    const col = byKey.get(k);
    if (!col) throw new Error(`${name} has no column ${k}`);
    return { key: k, name: col.name, type: col.getSQLType() };
  });
  const list = sql.raw(cols.map((c) => `"${c.name}"`).join(', '));
  const shape = sql.raw(cols.map((c) => `"${c.name}" ${c.type}`).join(', '));
  for (let i = 0; i < rows.length; i += JSON_CHUNK) {
    const chunk = rows.slice(i, i + JSON_CHUNK).map((r) => {
      const out: Record<string, unknown> = {};
      for (const c of cols) out[c.name] = (r as Record<string, unknown>)[c.key] ?? null;
      return out;
    });
    await tx.execute(sql`insert into ${sql.identifier(name)} (${list})
      select ${list} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(${shape})`);
  }
}
