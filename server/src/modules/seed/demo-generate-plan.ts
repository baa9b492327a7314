/**
 * What a generated period holds before any row is written: calls answered per day (working days
 * busier than weekends and holidays), the tickets registered from some of them, the online items
 * (WeChat, Weibo, web) and the province's transfers, each a TSpec like the demo history's.
 */
import { addDays, fromShanghaiLocal, type TChannel, type TWorkCalendar } from '@hotline/shared';
import { createRng, describe, type TRng } from './demo-history-compose';
import { GROUP_WEIGHTS, HOUR_WEIGHTS } from './demo-history-places';
import {
  citizenFactory,
  freshMatter,
  specFor,
  weighted,
  type TCitizenSeed,
  type TLeafRef,
  type TRefs,
  type TSpec,
} from './demo-history-spec';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export type TGenSpec = TSpec & {
  n: number;
  /** The answered call it was registered from (phone tickets). */
  call: TPlannedCall | null;
};

export type TPlannedCall = {
  callId: string;
  ringingAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  billsec: number;
  threeWay: boolean;
  queue: string;
  phone: string;
  citizen: TCitizenSeed | null;
};

export type TPlanInput = {
  from: string;
  to: string;
  seed: number;
  /** Key prefix of every generated ticket and call (the period is in it). */
  key: string;
  callsAnswered: number;
  onlineItems: number;
  threeWayCalls: number;
  /** Online channels and their weights. */
  onlineChannels: readonly (readonly [TChannel, number])[];
  /** Share of answered calls that became a ticket (the rest were answered on the phone). */
  ticketShare: number;
};

export type TPlan = { specs: TGenSpec[]; calls: TPlannedCall[] };

/** Splits `total` over the weights exactly (largest remainder). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, n) => s + n, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length]![1]]! += 1;
  return out;
}

export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** A time on `day` in the hours people call (from 07:00 for calls, any hour online). */
function timeOn(rng: TRng, day: string, minHour: number): Date {
  const hours = HOUR_WEIGHTS.filter(([h]) => h >= minHour && h <= 21);
  const hour = weighted(rng, hours);
  return new Date(fromShanghaiLocal(day, hour * 60).getTime() + rng.int(0, 3599) * SECOND);
}

function leafWeights(refs: TRefs, online: boolean): (readonly [TLeafRef, number])[] {
  const perGroup = new Map<string, number>();
  for (const l of refs.leaves) perGroup.set(l.groupCode, (perGroup.get(l.groupCode) ?? 0) + 1);
  return refs.leaves
    .filter((l) => !online || l.groupCode !== '12')
    .map((l) => [l, (GROUP_WEIGHTS[l.groupCode] ?? 2) / perGroup.get(l.groupCode)!] as const);
}

export function planPeriod(refs: TRefs, cal: TWorkCalendar, p: TPlanInput): TPlan {
  const rng = createRng(p.seed);
  const days = daysOf(p.from, p.to);
  const dayWeights = days.map((d) => (cal.isWorkingDay(d) ? 1 : 0.45) * (0.85 + rng.next() * 0.3));
  const answered = allocate(p.callsAnswered, dayWeights);
  const online = allocate(p.onlineItems, dayWeights);
  const newCitizen = citizenFactory(rng);
  const callers: TCitizenSeed[] = [];
  const caller = () => {
    const c = callers.length > 50 && rng.chance(0.12) ? rng.pick(callers) : newCitizen();
    callers.push(c);
    return c;
  };
  const pool: string[] = [];
  const anyPhone = () => {
    if (pool.length >= 20_000) return rng.pick(pool);
    const phone = newCitizen().phone;
    pool.push(phone);
    return phone;
  };
  const phoneLeaves = leafWeights(refs, false);
  const onlineLeaves = leafWeights(refs, true);
  const specs: TGenSpec[] = [];
  const calls: TPlannedCall[] = [];
  let callNo = 0;
  const newCall = (day: string, answeredCall: boolean, citizen: TCitizenSeed | null): TPlannedCall => {
    const ringingAt = timeOn(rng, day, 7);
    const wait = answeredCall ? rng.int(3, 45) : rng.int(8, 90);
    const billsec = answeredCall ? rng.int(45, 420) : 0;
    const answeredAt = answeredCall ? new Date(ringingAt.getTime() + wait * SECOND) : null;
    return {
      callId: `${p.key}c-${String(++callNo).padStart(7, '0')}`,
      ringingAt,
      answeredAt,
      endedAt: new Date((answeredAt ?? ringingAt).getTime() + (answeredCall ? billsec : wait) * SECOND),
      billsec,
      threeWay: false,
      queue: rng.chance(0.1) ? '12315' : '12345',
      phone: citizen?.phone ?? anyPhone(),
      citizen,
    };
  };
  const ticket = (leaf: TLeafRef, createdAt: Date, channel: string, citizen: TCitizenSeed | null) => {
    const n = specs.length + 1;
    // A few records lack the address the provincial platform wants (数据质量).
    const noAddress = rng.chance(0.004);
    const s = specFor(refs, rng, {
      key: `${p.key}t-${String(n).padStart(6, '0')}`,
      createdAt,
      outcome: 'closed',
      leaf,
      matter: freshMatter(refs, rng, leaf),
      citizen,
      noAddress,
    });
    const wasOnline = s.channel !== 'phone' && s.channel !== 'province';
    const isOnline = channel !== 'phone' && channel !== 'province';
    if (wasOnline !== isOnline) s.wording = describe(s.matter, rng, { online: isOnline });
    if (s.line === '12388' && isOnline && channel !== 'web') s.line = '12345';
    s.channel = channel;
    // Matters told without a place (a service, a phone line) are still filed under where the caller lives.
    if (!s.wording.address && !noAddress && s.type !== 'consultation')
      s.wording = { ...s.wording, address: `${s.matter.place.streetName}${s.matter.place.community}` };
    return { ...s, n, call: null } as TGenSpec;
  };

  days.forEach((day, d) => {
    const phoneTickets = Math.round(answered[d]! * p.ticketShare);
    for (let i = 0; i < answered[d]!; i++) {
      const citizen = i < phoneTickets ? caller() : null;
      const call = newCall(day, true, citizen);
      calls.push(call);
      if (i >= phoneTickets) continue;
      // Registered as the call ends; now and then written up long after (补录: not timely).
      const delay = rng.chance(0.006) ? rng.int(35, 150) * MINUTE : rng.int(20, 300) * SECOND;
      const s = ticket(
        weighted(rng, phoneLeaves),
        new Date(call.endedAt.getTime() + delay),
        'phone',
        citizen,
      );
      s.call = call;
      specs.push(s);
    }
    const abandoned = Math.round(answered[d]! * (0.03 + rng.next() * 0.04));
    for (let i = 0; i < abandoned; i++) calls.push(newCall(day, false, null));
    for (let i = 0; i < online[d]!; i++) {
      const channel = weighted(rng, p.onlineChannels);
      specs.push(ticket(weighted(rng, onlineLeaves), timeOn(rng, day, 0), channel, caller()));
    }
    // Transfers from the provincial platform (省平台转办): not counted as online items.
    if (cal.isWorkingDay(day) && rng.chance(0.5))
      specs.push(ticket(weighted(rng, phoneLeaves), timeOn(rng, day, 8), 'province', caller()));
  });
  markThreeWay(rng, cal, calls, specs, p.threeWayCalls);
  return { specs, calls };
}

/** 三方通话: calls where the agent brought a department in (不见面审批), on working days. */
function markThreeWay(
  rng: TRng,
  cal: TWorkCalendar,
  calls: TPlannedCall[],
  specs: TGenSpec[],
  n: number,
): void {
  const linked = new Set(specs.flatMap((s) => (s.call ? [s.call.callId] : [])));
  const candidates = calls.filter(
    (c) => c.answeredAt && !linked.has(c.callId) && cal.isWorkingDay(dayOf(c.ringingAt)),
  );
  for (let k = 0; k < n && candidates.length; k++) {
    const c = candidates.splice(rng.int(0, candidates.length - 1), 1)[0]!;
    c.threeWay = true;
    c.billsec += rng.int(120, 600);
    c.endedAt = new Date(c.answeredAt!.getTime() + c.billsec * SECOND);
  }
}

const dayOf = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
