import type { callRecords } from '../../infra/db/schema';
import type { TCtiEvent } from './cti.schema';

type TCallRow = typeof callRecords.$inferSelect;

/** The part of a call record that events fold into. */
export type TCallState = Pick<
  TCallRow,
  | 'direction'
  | 'callerHash'
  | 'callerEnc'
  | 'callerMasked'
  | 'calleeNumber'
  | 'queue'
  | 'agentExt'
  | 'agentId'
  | 'citizenId'
  | 'ringingAt'
  | 'answeredAt'
  | 'endedAt'
  | 'hangupCause'
  | 'durationS'
  | 'billsecS'
  | 'maxParticipants'
  | 'threeWay'
  | 'participants'
  | 'recordingUrl'
  | 'recordingSha256'
  | 'lastSeq'
>;

/** What the intake looked up for an event (the fold itself does no I/O). */
export type TFoldLookups = {
  caller?: { hash: string; enc: string; masked: string } | null;
  citizenId?: string | null;
  agentId?: string | null;
};

const earlier = (a: Date | null, b: Date) => a === null || b.getTime() < a.getTime();
const later = (a: Date | null, b: Date) => a === null || b.getTime() > a.getTime();
const minIso = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);
const maxIso = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * Highest number of legs on the call at the same moment. A leg whose leave we have not seen is
 * still on the call; at equal times leaves count before joins, so a transfer (one leaves as
 * another joins) is not mistaken for a three-way call.
 */
export function maxConcurrentLegs(participants: TCallState['participants']): number {
  const points: { t: number; d: 1 | -1 }[] = [];
  for (const leg of Object.values(participants)) {
    points.push({ t: Date.parse(leg.joinedAt), d: 1 });
    points.push({ t: leg.leftAt ? Date.parse(leg.leftAt) : Number.POSITIVE_INFINITY, d: -1 });
  }
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const p of points) {
    now += p.d;
    max = Math.max(max, now);
  }
  return max;
}

/**
 * Folds one event into a call's state. Every rule is commutative and idempotent, so events that
 * arrive twice or out of order end in the same record: times take the earliest (ringing,
 * answer) or latest (end) value and the fields of that same event come with them; legs keep
 * their earliest join and latest leave; the participant peak is recomputed from the legs.
 */
export function foldCtiEvent(state: TCallState, ev: TCtiEvent, lookups: TFoldLookups = {}): TCallState {
  const at = new Date(ev.occurred_at);
  const next: TCallState = { ...state, lastSeq: Math.max(state.lastSeq, ev.seq) };
  switch (ev.type) {
    case 'call.ringing': {
      const wins = earlier(state.ringingAt, at);
      const take = <T>(current: T | null, incoming: T | null): T | null =>
        wins || current === null ? incoming : current;
      if (wins) next.ringingAt = at;
      next.direction = take(state.direction, ev.direction);
      next.calleeNumber = take(state.calleeNumber, ev.callee_number);
      next.queue = take(state.queue, ev.queue ?? null);
      // The answering agent's extension outranks the one that rang first.
      next.agentExt =
        state.answeredAt && state.agentExt !== null
          ? state.agentExt
          : take(state.agentExt, ev.agent_ext ?? null);
      if (lookups.caller && (wins || state.callerHash === null)) {
        next.callerHash = lookups.caller.hash;
        next.callerEnc = lookups.caller.enc;
        next.callerMasked = lookups.caller.masked;
        next.citizenId = lookups.citizenId ?? null;
      }
      return next;
    }
    case 'call.answered': {
      if (earlier(state.answeredAt, at)) {
        next.answeredAt = at;
        next.agentId = lookups.agentId ?? state.agentId;
        next.agentExt = ev.agent_ext ?? state.agentExt;
      } else {
        next.agentId = state.agentId ?? lookups.agentId ?? null;
      }
      return next;
    }
    case 'participant.joined':
    case 'participant.left': {
      const iso = at.toISOString();
      const leg = state.participants[ev.leg_id];
      const joined = ev.type === 'participant.joined';
      // A leave seen before its join: the leg joined no later than it left.
      const updated = {
        role: joined ? ev.role : (leg?.role ?? ev.role),
        joinedAt: leg ? minIso(leg.joinedAt, iso) : iso,
        leftAt: joined ? (leg?.leftAt ?? null) : leg?.leftAt ? maxIso(leg.leftAt, iso) : iso,
      };
      next.participants = { ...state.participants, [ev.leg_id]: updated };
      next.maxParticipants = maxConcurrentLegs(next.participants);
      next.threeWay = next.maxParticipants >= 3;
      return next;
    }
    case 'call.ended': {
      if (later(state.endedAt, at)) {
        next.endedAt = at;
        next.hangupCause = ev.hangup_cause;
        next.durationS = ev.duration_s;
        next.billsecS = ev.billsec_s;
      }
      return next;
    }
    case 'recording.ready': {
      // One recording per call is expected; should a second come, the first one stored stays.
      if (state.recordingUrl === null) {
        next.recordingUrl = ev.recording_url;
        next.recordingSha256 = ev.sha256.toLowerCase();
      }
      return next;
    }
    case 'call.transferred':
      // The legs (participant events) tell who is on the call; the transfer itself changes no field.
      return next;
  }
}
