/**
 * One demo ticket before it is written: what was said, by whom, where, when, on which line, and
 * which unit did the work. The choices mirror how Changzhou's hotline routes: a category's
 * default unit mostly; the street (through its district branch, 二级派单) for neighbourhood
 * matters; the county-level branches (金坛, 溧阳) for much of what city bureaus do downtown.
 */
import type { TLine, TTicketType, TUrgency } from '@hotline/shared';
import {
  describe,
  newMatter,
  randomPlace,
  type TMatter,
  type TPlace,
  type TRng,
  type TWording,
} from './demo-history-compose';
import { REPLY_ACTIONS, TEMPLATES, type TTemplate } from './demo-history-data';
import type { TOutcome, TUnitRef } from './demo-history-lifecycle';
import { DISTRICT_STREETS, DISTRICT_WEIGHTS } from './demo-history-places';

export type TLeafRef = {
  id: string;
  code: string;
  name: string;
  groupCode: string;
  defaultUnitCode: string;
  templates: readonly TTemplate[];
};

export type TRefs = {
  unitsByCode: Map<string, TUnitRef & { code: string }>;
  leaves: TLeafRef[];
};

export type TCitizenSeed = { phone: string; name: string };

export type TSpec = {
  key: string;
  id: string;
  createdAt: Date;
  outcome: TOutcome;
  leaf: TLeafRef;
  /** null: the agent has not picked a category yet (a fresh registration). */
  categoryId: string | null;
  matter: TMatter;
  wording: TWording;
  line: TLine;
  channel: string;
  type: TTicketType;
  urgency: TUrgency;
  citizen: TCitizenSeed | null;
  handler: TUnitRef;
  via: TUnitRef | null;
  reply: string;
};

/** City bureaus whose downtown work the county-level branches (金坛区, 溧阳市) do themselves. */
const LOCALISED = new Set([
  'cgj',
  'zjj',
  'sthjj',
  'jtysj',
  'rsj',
  'mzj',
  'jyj',
  'wjw',
  'zrzyghj',
  'slj',
  'nyncj',
  'wglj',
  'yjglj',
  'swj',
]);
const COUNTY_BRANCHES = new Set(['jt', 'ly']);
const DEDICATED_GROUPS = new Set(['03', '12', '13']);
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钟汪'.split(
    '',
  );
const CHANNELS: readonly [string, number][] = [
  ['phone', 68],
  ['wechat', 12],
  ['web', 8],
  ['app', 5],
  ['weibo', 3],
  ['province', 2],
  ['open311', 2],
];

export function weighted<T>(rng: TRng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

export function unit(refs: TRefs, code: string): TUnitRef & { code: string } {
  const u = refs.unitsByCode.get(code);
  if (!u) throw new Error(`Unit "${code}" is missing: run seedReference before seedDemoHistory`);
  return u;
}

/** Phone numbers and names for new callers, unique within the run. */
export function citizenFactory(rng: TRng): () => TCitizenSeed {
  const used = new Set<string>();
  return () => {
    let phone: string;
    do phone = `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
    while (used.has(phone));
    used.add(phone);
    return {
      phone,
      name: `${rng.pick(SURNAMES)}${rng.pick(['先生', '女士', '阿姨', '师傅', '先生', '女士'])}`,
    };
  };
}

export function randomDistrict(rng: TRng): string {
  return weighted(rng, Object.entries(DISTRICT_WEIGHTS));
}

export function placeIn(refs: TRefs, rng: TRng, districtCode: string, streetCode?: string): TPlace {
  const street = streetCode ?? rng.pick(DISTRICT_STREETS[districtCode] ?? []);
  return randomPlace(rng, districtCode, street, unit(refs, street).name);
}

/** Which unit did the work, and the district branch it was passed down by (if any). */
export function handlerFor(
  refs: TRefs,
  rng: TRng,
  leaf: TLeafRef,
  template: TTemplate,
  place: TPlace,
): { handler: TUnitRef; via: TUnitRef | null } {
  const branch = unit(refs, place.districtCode);
  if (template.by === 'street') {
    const r = rng.next();
    if (r < 0.85) return { handler: unit(refs, place.streetCode), via: branch };
    if (r < 0.95) return { handler: branch, via: null };
    return { handler: unit(refs, leaf.defaultUnitCode), via: null };
  }
  if (COUNTY_BRANCHES.has(place.districtCode) && LOCALISED.has(leaf.defaultUnitCode) && rng.chance(0.65))
    return { handler: branch, via: null };
  // Now and then the city hands a matter to the district branch instead (a judgement call);
  // never the dedicated lines' (12315 consumer, 12388, 12340), which have their own units.
  if (!DEDICATED_GROUPS.has(leaf.groupCode) && rng.chance(0.03)) return { handler: branch, via: null };
  return { handler: unit(refs, leaf.defaultUnitCode), via: null };
}

function lineFor(rng: TRng, leaf: TLeafRef): TLine {
  if (leaf.groupCode === '03') return rng.chance(0.7) ? '12315' : '12345';
  if (leaf.groupCode === '12') return '12388';
  if (leaf.groupCode === '13') return rng.chance(0.5) ? '12340' : '12345';
  return '12345';
}

function replyFor(rng: TRng, leaf: TLeafRef, wording: TWording, type: TTicketType): string {
  if (type === 'consultation')
    return `已电话联系市民，就“${wording.title}”进行了详细解答，${rng.pick(['市民表示清楚', '市民表示满意', '并告知了办理渠道'])}。`;
  const action = rng.pick(REPLY_ACTIONS[leaf.groupCode] ?? REPLY_ACTIONS['14']!);
  return `${rng.pick(['经现场核查', '经调查核实', '接单后立即安排人员核实'])}，市民反映的情况${rng.pick(['属实', '基本属实'])}。${action}${rng.pick(['，已电话告知市民处理结果。', '，并与市民进行了沟通。', '。'])}`;
}

/** A ticket about `matter` (new, or a citizen's second account of the same one). */
export function specFor(
  refs: TRefs,
  rng: TRng,
  a: {
    key: string;
    createdAt: Date;
    outcome: TOutcome;
    leaf: TLeafRef;
    matter: TMatter;
    citizen: TCitizenSeed | null;
    categoryId?: string | null;
    followUp?: boolean;
    addressForm?: number;
    noAddress?: boolean;
    handled?: { handler: TUnitRef; via: TUnitRef | null };
  },
): TSpec {
  const line = lineFor(rng, a.leaf);
  const channel = line === '12388' ? rng.pick(['phone', 'web']) : weighted(rng, CHANNELS);
  const template = a.matter.template;
  const online = channel !== 'phone' && channel !== 'province';
  const wording = describe(a.matter, rng, {
    online,
    followUp: a.followUp,
    addressForm: a.addressForm,
    noAddress: a.noAddress,
  });
  const urgency: TUrgency = template.urgency
    ? rng.chance(0.6)
      ? template.urgency
      : 'normal'
    : rng.chance(0.03)
      ? 'urgent'
      : 'normal';
  return {
    key: a.key,
    id: rng.uuid(),
    createdAt: a.createdAt,
    outcome: a.outcome,
    leaf: a.leaf,
    categoryId: a.categoryId === undefined ? a.leaf.id : a.categoryId,
    matter: a.matter,
    wording,
    line,
    channel,
    type: template.type,
    urgency,
    citizen: line === '12388' && rng.chance(0.5) ? null : a.citizen,
    ...(a.handled ?? handlerFor(refs, rng, a.leaf, template, a.matter.place)),
    reply: replyFor(rng, a.leaf, wording, template.type),
  };
}

/** A new matter in a leaf category, somewhere in the city. */
export function freshMatter(refs: TRefs, rng: TRng, leaf: TLeafRef, district?: string): TMatter {
  const template = rng.pick(leaf.templates);
  return newMatter(rng, template, placeIn(refs, rng, district ?? randomDistrict(rng)));
}

/** The demo wording of a leaf category (null for categories an admin added). */
export function templatesOf(leafName: string): readonly TTemplate[] | null {
  const list = TEMPLATES[leafName];
  return list?.length ? list : null;
}
