import { sql, type SQL } from 'drizzle-orm';

/**
 * How the evidence that two tickets are the same matter adds up. Each reason is an independent
 * chance that the tickets are the same (combined as 1 − Π(1 − p)); the weights were tuned on the
 * planted duplicates and near misses of the demo history (scripts/bench/routing-demo.ts).
 */
export const DUPLICATE_WEIGHTS = {
  /** Same caller and same leaf category: almost always the citizen chasing the same matter. */
  callerSameLeaf: 0.7,
  callerSameGroup: 0.45,
  /** Either side uncategorised: the caller alone says little, the text has to help. */
  callerUnknownCategory: 0.45,
  /** Same caller about something else entirely (they do call about several matters). */
  callerOtherCategory: 0.25,
  placeSameLeaf: 0.7,
  placeSameGroup: 0.5,
  /** Either side uncategorised: the same spot, but perhaps another problem there. */
  placeUnknownCategory: 0.4,
  /**
   * Titles are short and generic ("占道经营问题"): an identical title counts as this much text
   * similarity, so that a title alone never makes a likely duplicate.
   */
  titleWeight: 0.6,
  /** Text at the similarity threshold, rising linearly to `textTop` at identical text. */
  textAtThreshold: 0.45,
  textTop: 0.95,
  /** Below the threshold the text still supports another reason, at this much per unit of similarity. */
  textBelowThreshold: 0.5,
  /** Both tickets name a place and the places differ: similar words describe another spot. */
  placeConflictFactor: 0.3,
  /** Closed or resolved tickets cannot take a merge: an open one with the same evidence ranks first. */
  finishedFactor: 0.9,
  /** Trigram similarity of normalised addresses above which two addresses name the same place. */
  addressSimilarity: 0.75,
  /** House numbers on the same road this close are the same spot (people misremember them). */
  houseNumberTolerance: 10,
} as const;

/**
 * From this score on a candidate is shown as a likely duplicate (疑似重复, the 并单 suggestion);
 * below it, it is context (the same caller's other tickets, similar wording elsewhere).
 */
export const LIKELY_DUPLICATE_SCORE = 0.6;

const DISTRICT_PREFIX = '^(江苏省)?(常州市)?(天宁区|钟楼区|新北区|武进区|金坛区|溧阳市)?';
// A street or town name (2–4 characters) in front of the road: 青龙街道, 湖塘镇.
const STREET_PREFIX = '^.{2,4}?(街道|镇)';
const NOISE = '(附近|门口|对面|旁边|周边|一带|路段|交叉口|路口|交界处|处|与|和|里面|楼下)';
// 西城花园小区 is 西城花园; 嫩江小区 stays whole (two characters alone name nothing).
const ESTATE_SUFFIX = '(.{3,})小区';

/**
 * An address reduced to what identifies the place: no spaces or punctuation, no city, district
 * or street prefix, no "附近 / 门口". "天宁区青龙街道龙锦路 18 号附近" and "龙锦路18号" agree.
 */
export function normalisedAddress(expr: SQL): SQL {
  const bare = sql`regexp_replace(${expr}, '[[:space:][:punct:]，。、；：（）“”‘’！？·]', '', 'g')`;
  const noDistrict = sql`regexp_replace(${bare}, ${DISTRICT_PREFIX}, '')`;
  const noStreet = sql`regexp_replace(${noDistrict}, ${STREET_PREFIX}, '')`;
  const noNoise = sql`regexp_replace(${noStreet}, ${NOISE}, '', 'g')`;
  return sql`regexp_replace(${noNoise}, ${ESTATE_SUFFIX}, '\\1', 'g')`;
}

const houseNumber = (x: SQL) => sql`substring(${x} from '([0-9]{1,6})号')::int`;

/**
 * Same place: equal, one inside the other (a road and a number on it), the same road with
 * nearby house numbers, or nearly the same text.
 */
export function samePlace(a: SQL, b: SQL): SQL {
  return sql`(length(${a}) >= 3 and length(${b}) >= 3 and (
    ${a} = ${b} or strpos(${a}, ${b}) > 0 or strpos(${b}, ${a}) > 0
    or (regexp_replace(${a}, '[0-9]+', '#', 'g') = regexp_replace(${b}, '[0-9]+', '#', 'g')
      and abs(${houseNumber(a)} - ${houseNumber(b)}) <= ${DUPLICATE_WEIGHTS.houseNumberTolerance})
    or similarity(${a}, ${b}) >= ${DUPLICATE_WEIGHTS.addressSimilarity}))`;
}

/**
 * The score of one candidate row from its evidence columns: `same_caller` (bool), `cat_match`
 * (2 same leaf, 1 same group, 0 different, null when either side has no category), `addr_same`
 * (the addresses name the same place), `place_conflict` (both name a place, not the same one)
 * and `sim` (0..1, title similarity already weighted).
 */
export function scoreExpression(minSimilarity: number): SQL {
  const w = DUPLICATE_WEIGHTS;
  const caller = sql`case when not same_caller then 0
    when cat_match = 2 then ${w.callerSameLeaf}::float8
    when cat_match = 1 then ${w.callerSameGroup}::float8
    when cat_match is null then ${w.callerUnknownCategory}::float8
    else ${w.callerOtherCategory}::float8 end`;
  const place = sql`case when not addr_same then 0
    when cat_match = 2 then ${w.placeSameLeaf}::float8
    when cat_match = 1 then ${w.placeSameGroup}::float8
    when cat_match is null then ${w.placeUnknownCategory}::float8 else 0 end`;
  const span = Math.max(1 - minSimilarity, 1e-6);
  const text = sql`(case when sim >= ${minSimilarity}::float8
    then ${w.textAtThreshold}::float8 + (${w.textTop - w.textAtThreshold}::float8) * (sim - ${minSimilarity}::float8) / ${span}::float8
    else sim * ${w.textBelowThreshold}::float8 end)
    * case when place_conflict then ${w.placeConflictFactor}::float8 else 1 end`;
  return sql`1 - (1 - (${caller})) * (1 - (${place})) * (1 - (${text}))`;
}

/** The score of the ticket one would merge into, given its status. */
export function withStatus(score: SQL, status: SQL): SQL {
  return sql`${score} * case when ${status} in ('closed', 'resolved') then ${DUPLICATE_WEIGHTS.finishedFactor}::float8 else 1 end`;
}
