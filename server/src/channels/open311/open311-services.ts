import type { TTicketType, TUrgency } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import type { TJson } from './open311-format';

/**
 * The Open311 service list is our category tree: one service per active leaf category
 * (service_code = the category code, group = its parent's name). Discipline reports (12388,
 * confidential from the first moment) and polling (12340, run by the hotline itself) are not
 * offered to outside clients.
 */
const HIDDEN_GROUP_CODES = ['12', '13'];

/** Groups where citizens mostly complain about something (the rest mostly ask for help). */
const COMPLAINT_GROUP_CODES = new Set(['01', '03', '04']);

export type TService = {
  categoryId: string;
  code: string;
  name: string;
  groupCode: string | null;
  groupName: string | null;
};

export async function loadServices(db: TDbOrTx, code?: string): Promise<TService[]> {
  const res = await db.execute(sql`
    select c.id, c.code, c.name, p.code as group_code, p.name as group_name
    from categories c left join categories p on p.id = c.parent_id
    where c.is_leaf and c.active
      and (p.code is null or p.code not in ${HIDDEN_GROUP_CODES})
      ${code === undefined ? sql`` : sql`and c.code = ${code}`}
    order by c.code`);
  return (res.rows as Record<string, string | null>[]).map((r) => ({
    categoryId: r.id!,
    code: r.code!,
    name: r.name!,
    groupCode: r.group_code ?? null,
    groupName: r.group_name ?? null,
  }));
}

export async function findService(db: TDbOrTx, code: string): Promise<TService | null> {
  if (!/^[0-9A-Za-z_-]{1,50}$/.test(code)) return null;
  return (await loadServices(db, code))[0] ?? null;
}

export function defaultTypeOf(service: TService): TTicketType {
  return service.groupCode && COMPLAINT_GROUP_CODES.has(service.groupCode) ? 'complaint' : 'help';
}

/** The attributes every service takes (both optional): they map onto the ticket's urgency and type. */
export const ATTRIBUTES = [
  {
    code: 'urgency',
    description: '紧急程度 Urgency',
    values: [
      { key: 'normal', name: '普通 Normal' },
      { key: 'urgent', name: '紧急 Urgent' },
    ] satisfies { key: TUrgency; name: string }[],
  },
  {
    code: 'request_type',
    description: '诉求类型 Type of request',
    values: [
      { key: 'help', name: '求助 Request for help' },
      { key: 'complaint', name: '投诉 Complaint' },
      { key: 'consultation', name: '咨询 Question' },
      { key: 'suggestion', name: '建议 Suggestion' },
      { key: 'praise', name: '表扬 Praise' },
    ] satisfies { key: TTicketType; name: string }[],
  },
] as const;

export function serviceListEntry(s: TService): TJson {
  const words = s.name.split(/与|和|及|、/).filter(Boolean);
  return {
    service_code: s.code,
    service_name: s.name,
    description: s.groupName ? `${s.groupName} · ${s.name}` : s.name,
    metadata: ATTRIBUTES.length > 0,
    type: 'realtime',
    keywords: [...(s.groupName ? [s.groupName] : []), ...words].join(', '),
    group: s.groupName,
  };
}

export function serviceDefinition(s: TService): TJson {
  return {
    service_code: s.code,
    attributes: ATTRIBUTES.map((a, i) => ({
      variable: true,
      code: a.code,
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: i + 1,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}
