/**
 * Turns a template and a place into what an agent writes down: title, description, address.
 * Everything random comes from one seeded generator, so a seed always gives the same history.
 */
import type { TTemplate } from './demo-history-data';
import { CLOSERS, FOLLOW_UPS, OPENERS, POOLS, STREET_PLACES } from './demo-history-places';
import { DISTRICT_NAMES } from './org-data';

export type TRng = {
  /** 0 ≤ x < 1 */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
  /** A v4-shaped UUID: ids must be stable per seed, the held-out split hashes them. */
  uuid(): string;
};

/** mulberry32: small, fast and good enough for demo data. */
export function createRng(seed: number): TRng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
  return {
    next,
    int,
    pick: (list) => list[Math.floor(next() * list.length)]!,
    chance: (p) => next() < p,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  };
}

/** A place in the city: always a street, a road and a community (templates pick what they need). */
export type TPlace = {
  districtCode: string;
  streetCode: string;
  streetName: string;
  road: string;
  road2: string;
  /** null: a crossing of road and road2 */
  number: number | null;
  community: string;
  building: number | null;
};

export function randomPlace(rng: TRng, districtCode: string, streetCode: string, streetName: string): TPlace {
  const places = STREET_PLACES[streetCode];
  if (!places) throw new Error(`No demo places for street ${streetCode}`);
  const road = rng.pick(places.roads);
  const others = places.roads.filter((r) => r !== road);
  return {
    districtCode,
    streetCode,
    streetName,
    road,
    road2: rng.pick(others),
    number: rng.chance(0.15) ? null : rng.int(1, 320),
    community: rng.pick(places.communities),
    building: rng.chance(0.35) ? null : rng.int(1, 36),
  };
}

/** One matter a citizen calls about: the template with its place and the names it mentions, fixed. */
export type TMatter = { template: TTemplate; place: TPlace; slots: Record<string, string> };

export function newMatter(rng: TRng, template: TTemplate, place: TPlace): TMatter {
  const slots: Record<string, string> = {};
  for (const [name, pool] of Object.entries(POOLS)) slots[name] = rng.pick(pool);
  return { template, place, slots };
}

const districtName = (p: TPlace) => DISTRICT_NAMES[p.districtCode] ?? '';

/**
 * The ways people name the same spot; index 0 is the full form agents type in the address field,
 * the last ones are how a second caller may put it (a neighbouring number, 小区, a landmark
 * instead of the number — which no normaliser can match, as in real life).
 */
function placeForms(m: TMatter, rng: TRng): string[] {
  const p = m.place;
  const d = districtName(p);
  if (m.template.at === 'community') {
    const b = p.building ? `${p.building}幢` : '';
    const named = p.community.endsWith('小区') ? p.community : `${p.community}小区`;
    return [
      `${d}${p.streetName}${p.community}${b}`,
      `${p.community}${b}`,
      `${p.streetName}${p.community}`,
      `${d}${p.community}${b}`,
      `${d}${named}`,
      `${p.streetName}${named}${rng.pick(['门口', '里面', ''])}`,
      `${p.community}${rng.pick(['东门', '北门', '西门口', '南门对面'])}`,
    ];
  }
  if (p.number === null) {
    return [
      `${d}${p.streetName}${p.road}与${p.road2}交叉口`,
      `${p.road}${p.road2}路口`,
      `${p.streetName}${p.road}与${p.road2}交叉口`,
      `${d}${p.road}${p.road2}交叉口`,
      `${p.road}和${p.road2}交界处`,
      `${d}${p.road}与${p.road2}路口附近`,
      `${p.road}${p.road2}红绿灯`,
    ];
  }
  const near = Math.max(1, p.number + rng.pick([-4, -2, 2, 4]));
  return [
    `${d}${p.streetName}${p.road}${p.number}号`,
    `${p.streetName}${p.road}${p.number}号`,
    `${p.road}${p.number}号附近`,
    `${d}${p.road}${p.number}号`,
    `${d}${p.road}${near}号`,
    `${p.streetName}${p.road}${p.number}号${rng.pick(['对面', '旁边', '门口'])}`,
    `${p.road}${rng.pick(['菜场', '公交站', '桥头', '超市'])}附近`,
  ];
}

function fill(text: string, m: TMatter, rng: TRng, loc: string): string {
  return text
    .replace(/\[([^\]]+)\]/g, (_all, alts: string) => rng.pick(alts.split('|')))
    .replace(/\{(\w+)\}/g, (_all, name: string) => {
      if (name === 'loc') return loc;
      if (name === 'road') return m.place.road;
      if (name === 'road2') return m.place.road2;
      if (name === 'community') return m.place.community;
      const v = m.slots[name];
      if (v === undefined) throw new Error(`Unknown slot {${name}} in a demo template`);
      return v;
    });
}

const LEADING_PLACE = /^\{(road|community)\}/;

/** Titles differ between agents: with or without the place, with 反映 or 问题. */
function title(m: TMatter, rng: TRng): string {
  const core = m.template.title.replace(LEADING_PLACE, '');
  if (core === m.template.title || rng.chance(0.45)) return fill(m.template.title, m, rng, '');
  const variants = [
    `${m.place.streetName}${core}`,
    `反映${core}`,
    `${core}问题`,
    core,
    `${districtName(m.place)}${core}`,
  ];
  return fill(rng.pick(variants), m, rng, '');
}

export type TWording = {
  title: string;
  description: string;
  address: string | null;
};

/**
 * What gets written down for this matter. `followUp`: the citizen calls again (a reworded
 * account with "已经反映过"); `addressForm`: which way of naming the place the agent types.
 */
export function describe(
  m: TMatter,
  rng: TRng,
  opts: { online: boolean; followUp?: boolean; addressForm?: number; noAddress?: boolean },
): TWording {
  const forms = placeForms(m, rng);
  const loc = m.template.at === 'none' ? '' : rng.pick(forms);
  const opener = rng.pick(OPENERS[opts.online ? 'online' : 'phone']);
  const follow = opts.followUp ? rng.pick(FOLLOW_UPS) : '';
  const body = fill(m.template.text, m, rng, loc);
  const address =
    m.template.at === 'none' || opts.noAddress
      ? null
      : (forms[opts.addressForm ?? (rng.chance(0.75) ? 0 : rng.int(1, 3))] ?? forms[0]!);
  return {
    title: title(m, rng),
    description: `${opener}${follow}${body}${rng.pick(CLOSERS)}`,
    address,
  };
}
