/**
 * Duplicates (并单) planted among the open tickets of the last week, with their ground truth, and
 * near misses that must NOT be taken for duplicates — so a duplicate finder can be measured for
 * recall and precision alike.
 *
 * Pairs: the same caller calling again about the same matter in other words; another citizen
 * reporting the same place and matter. Near misses: the same kind of matter at another place;
 * the same caller about something else; the same place but a different kind of matter.
 */
import { newMatter, type TMatter, type TRng } from './demo-history-compose';
import type { TTemplate } from './demo-history-data';
import type { TOutcome } from './demo-history-lifecycle';
import { DISTRICT_STREETS, STREET_PLACES } from './demo-history-places';
import {
  placeIn,
  randomDistrict,
  specFor,
  type TCitizenSeed,
  type TLeafRef,
  type TRefs,
  type TSpec,
} from './demo-history-spec';

export const PAIR_KINDS = ['same_caller', 'same_place'] as const;
export const NEAR_MISS_KINDS = ['other_place', 'caller_other_matter', 'place_other_category'] as const;
export type TPairKind = (typeof PAIR_KINDS)[number];
export type TNearMissKind = (typeof NEAR_MISS_KINDS)[number];

const PLAN: readonly [TPairKind | TNearMissKind, number][] = [
  ['same_caller', 30],
  ['same_place', 30],
  ['other_place', 25],
  ['caller_other_matter', 20],
  ['place_other_category', 15],
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Idempotency keys carry the ground truth, so a second run can report it without regenerating. */
export function plantedKey(kind: string, n: number, role: 'first' | 'second'): string {
  return `demo-history-${kind}-${String(n).padStart(3, '0')}-${role}`;
}
export function parsePlantedKey(key: string): { kind: string; n: number; role: 'first' | 'second' } | null {
  const m = /^demo-history-([a-z_]+)-(\d{3})-(first|second)$/.exec(key);
  return m ? { kind: m[1]!, n: Number(m[2]), role: m[3] as 'first' | 'second' } : null;
}

/** Office hours on a given day in China (UTC+8), `daysAgo` back from now. */
function officeTime(rng: TRng, now: Date, daysAgo: number): Date {
  const t = new Date(now.getTime() - daysAgo * DAY);
  const hour = 8 + rng.next() * 12;
  const day = Math.floor((t.getTime() + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  return new Date(Math.min(day + hour * HOUR, now.getTime() - 20 * 60_000));
}

function otherLeafInGroup(rng: TRng, leaves: TLeafRef[], leaf: TLeafRef): TLeafRef | null {
  const siblings = leaves.filter((l) => l.groupCode === leaf.groupCode && l.id !== leaf.id);
  return siblings.length ? rng.pick(siblings) : null;
}

/**
 * The same template elsewhere: further along the same road, another road or community of the
 * street, or another street of the district.
 */
function elsewhere(refs: TRefs, rng: TRng, m: TMatter): TMatter {
  const p = m.place;
  if (m.template.at === 'road' && p.number !== null && rng.chance(0.3)) {
    const far = p.number > 160 ? p.number - rng.int(40, 150) : p.number + rng.int(40, 150);
    return { template: m.template, place: { ...p, number: far }, slots: { ...m.slots } };
  }
  const sameStreet = rng.chance(0.6);
  const streets = (DISTRICT_STREETS[p.districtCode] ?? []).filter((s) => s !== p.streetCode);
  const place = placeIn(
    refs,
    rng,
    p.districtCode,
    sameStreet || !streets.length ? p.streetCode : rng.pick(streets),
  );
  const spot = STREET_PLACES[place.streetCode]!;
  if (place.streetCode === p.streetCode) {
    place.road = rng.pick(spot.roads.filter((r) => r !== p.road));
    place.community = rng.pick(spot.communities.filter((c) => c !== p.community));
  }
  return { template: m.template, place, slots: { ...m.slots } };
}

/**
 * The open tickets of the last week with their planted relations. `first` tickets are older and
 * already with a unit; `second` ones just came in (registered) and are what a dispatcher checks.
 */
export function plantDuplicates(refs: TRefs, rng: TRng, now: Date, newCitizen: () => TCitizenSeed): TSpec[] {
  // 12388 and 12340 matters are never merged with ordinary ones; keep the plant to everyday matters.
  const everyday = refs.leaves.filter((l) => l.groupCode !== '12' && l.groupCode !== '13');
  const placed = everyday.filter((l) => l.templates.some((t) => t.at !== 'none'));
  // Unrelated plants must not be duplicates by accident: each takes a template no other plant
  // uses, or when they run short (same-place near misses), none used in the same district.
  const used = new Map<TTemplate, Set<string>>();
  const fresh = (leaves: TLeafRef[], district: string, ok: (t: TTemplate) => boolean = () => true) => {
    for (let i = 0; i < 1000; i++) {
      const leaf = rng.pick(leaves);
      const free = leaf.templates.filter(
        (t) => ok(t) && (i < 500 ? !used.has(t) : !used.get(t)?.has(district)),
      );
      if (!free.length) continue;
      const template = rng.pick(free);
      used.set(template, (used.get(template) ?? new Set()).add(district));
      return { leaf, template };
    }
    throw new Error('No demo template fits the plant');
  };
  const specs: TSpec[] = [];
  for (const [kind, count] of PLAN) {
    for (let n = 1; n <= count; n++) {
      const anywhere = kind === 'same_caller' || kind === 'caller_other_matter';
      const district = randomDistrict(rng);
      const { leaf, template } = anywhere
        ? fresh(everyday, district)
        : fresh(placed, district, (t) => t.at !== 'none');
      const matter = newMatter(rng, template, placeIn(refs, rng, district));
      const firstAge = 0.6 + rng.next() * 5.8;
      const firstAt = officeTime(rng, now, firstAge);
      const secondAt = new Date(
        Math.max(
          firstAt.getTime() + 2 * HOUR,
          officeTime(rng, now, rng.next() * Math.min(1.5, firstAge - 0.2)).getTime(),
        ),
      );
      const firstOutcome: TOutcome = rng.chance(0.85) ? 'in_progress' : 'dispatched';
      const caller = newCitizen();
      const first = specFor(refs, rng, {
        key: plantedKey(kind, n, 'first'),
        createdAt: firstAt,
        outcome: firstOutcome,
        leaf,
        matter,
        citizen: caller,
      });
      specs.push(first);
      const second = {
        key: plantedKey(kind, n, 'second'),
        createdAt: secondAt,
        outcome: 'registered' as const,
      };
      if (kind === 'same_caller' || kind === 'same_place') {
        const r = rng.next();
        const sibling = otherLeafInGroup(rng, everyday, leaf);
        const categoryId = r < 0.78 ? leaf.id : r < 0.9 && sibling ? sibling.id : null;
        specs.push(
          specFor(refs, rng, {
            ...second,
            leaf,
            matter,
            citizen: kind === 'same_caller' ? caller : newCitizen(),
            categoryId,
            followUp: kind === 'same_caller' ? rng.chance(0.7) : rng.chance(0.1),
            addressForm: rng.int(1, 6),
            noAddress: kind === 'same_caller' && rng.chance(0.25),
          }),
        );
      } else if (kind === 'other_place') {
        specs.push(
          specFor(refs, rng, {
            ...second,
            leaf,
            matter: elsewhere(refs, rng, matter),
            citizen: newCitizen(),
          }),
        );
      } else if (kind === 'caller_other_matter') {
        const siblings = everyday.filter((l) => l.groupCode === leaf.groupCode && l.id !== leaf.id);
        const others =
          rng.chance(0.4) && siblings.length
            ? siblings
            : everyday.filter((l) => l.groupCode !== leaf.groupCode);
        const other = fresh(others, district);
        const place = rng.chance(0.3) ? matter.place : placeIn(refs, rng, matter.place.districtCode);
        specs.push(
          specFor(refs, rng, {
            ...second,
            leaf: other.leaf,
            matter: newMatter(rng, other.template, place),
            citizen: caller,
          }),
        );
      } else {
        const other = fresh(
          placed.filter((l) => l.groupCode !== leaf.groupCode),
          district,
          (t) => t.at === template.at,
        );
        specs.push(
          specFor(refs, rng, {
            ...second,
            leaf: other.leaf,
            matter: newMatter(rng, other.template, matter.place),
            citizen: newCitizen(),
          }),
        );
      }
    }
  }
  return specs;
}
