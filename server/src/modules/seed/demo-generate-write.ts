/** Writing a generated period: one transaction per month of tickets and calls, rows in bulk. */
import { toShanghaiDate } from '@hotline/shared';
import { maskPhone, type TPiiCipher } from '../../infra/crypto';
import type { TTx } from '../../infra/db/client';
import { assignments, callRecords, ticketDeadlines, ticketEvents, tickets } from '../../infra/db/schema';
import type { TGenTicket } from './demo-generate-lives';
import type { TPlannedCall } from './demo-generate-plan';
import type { TRefs } from './demo-history-spec';
import { allocateNumbers, insertChunked, writeCitizens } from './demo-history-write';

export type TWriteCounts = { tickets: number; events: number; calls: number };

export type TWriteContext = {
  pii: TPiiCipher;
  refs: TRefs;
  agentIds: string[];
  createdBy: string | null;
};

/** A phone's encrypted, hashed and masked forms, computed once per phone. */
function phoneForms(pii: TPiiCipher) {
  const cache = new Map<string, { hash: string; enc: string; masked: string }>();
  return (phone: string) => {
    let f = cache.get(phone);
    if (!f) {
      f = { hash: pii.hash(phone), enc: pii.encrypt(phone), masked: maskPhone(phone) };
      cache.set(phone, f);
    }
    return f;
  };
}

export function createMonthWriter(w: TWriteContext) {
  const forms = phoneForms(w.pii);
  return async (tx: TTx, list: TGenTicket[], calls: TPlannedCall[]): Promise<TWriteCounts> => {
    const specs = list.map((t) => t.spec);
    const citizenIds = await writeCitizens(tx, w.pii, specs);
    const numbers = list.length ? await allocateNumbers(tx, specs) : [];
    await insertChunked(
      tx,
      tickets,
      list.map(({ spec: s, life }, i) => ({
        id: s.id,
        no: numbers[i]!,
        line: s.line,
        channel: s.channel,
        type: s.type,
        categoryId: s.categoryId,
        urgency: s.urgency,
        title: s.wording.title,
        description: s.wording.description,
        address: s.wording.address,
        districtId: w.refs.unitsByCode.get(s.matter.place.districtCode)!.id,
        confidential: s.line === '12388',
        status: life.status,
        citizenId: s.citizen ? citizenIds.get(s.citizen.phone)! : null,
        leadUnitId: life.leadUnitId,
        callbackDone: life.callbackDone,
        satisfaction: life.satisfaction,
        dueAt: life.dueAt,
        dueKind: life.dueKind,
        callId: s.call?.callId ?? null,
        idempotencyKey: s.key,
        createdBy: w.createdBy,
        createdAt: s.createdAt,
        updatedAt: life.updatedAt,
        registeredAt: s.createdAt,
        dispatchedAt: life.dispatchedAt,
        resolvedAt: life.resolvedAt,
        closedAt: life.closedAt,
        version: life.version,
      })),
    );
    await insertChunked(
      tx,
      assignments,
      list.flatMap((t) => t.life.assignments.map((a) => ({ redoCount: 0, ...a }))),
    );
    await insertChunked(
      tx,
      ticketDeadlines,
      list.flatMap((t) => t.life.deadlines),
    );
    const events = list.flatMap((t) => t.life.events);
    await insertChunked(tx, ticketEvents, events);
    await insertChunked(
      tx,
      callRecords,
      calls.map((c, i) => {
        const f = forms(c.phone);
        const duration = Math.round((c.endedAt.getTime() - c.ringingAt.getTime()) / 1000);
        return {
          callId: c.callId,
          direction: 'inbound',
          callerHash: f.hash,
          callerEnc: f.enc,
          callerMasked: f.masked,
          calleeNumber: c.queue,
          queue: c.queue,
          agentId: c.answeredAt && w.agentIds.length ? w.agentIds[i % w.agentIds.length]! : null,
          agentExt: c.answeredAt ? String(8001 + (i % 40)) : null,
          citizenId: c.citizen ? (citizenIds.get(c.citizen.phone) ?? null) : null,
          ringingAt: c.ringingAt,
          answeredAt: c.answeredAt,
          endedAt: c.endedAt,
          hangupCause: c.answeredAt ? 'NORMAL_CLEARING' : 'ORIGINATOR_CANCEL',
          durationS: duration,
          billsecS: c.billsec,
          maxParticipants: c.threeWay ? 3 : c.answeredAt ? 2 : 1,
          threeWay: c.threeWay,
          lastSeq: 3,
          createdAt: c.ringingAt,
          updatedAt: c.endedAt,
        };
      }),
    );
    return { tickets: list.length, events: events.length, calls: calls.length };
  };
}

/** China-time month (`2018-03`) of an instant. */
export const monthOf = (at: Date) => toShanghaiDate(at).slice(0, 7);
