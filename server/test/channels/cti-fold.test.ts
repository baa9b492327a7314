import { foldCtiEvent, maxConcurrentLegs, type TCallState } from '../../src/channels/cti/call-fold';
import { ZCtiEvent, type TCtiEvent } from '../../src/channels/cti/cti.schema';
import { callScript, ringing, shuffled, threeWayScript } from './cti.fixtures';

const EMPTY: TCallState = {
  direction: null,
  callerHash: null,
  callerEnc: null,
  callerMasked: null,
  calleeNumber: null,
  queue: null,
  agentExt: null,
  agentId: null,
  citizenId: null,
  ringingAt: null,
  answeredAt: null,
  endedAt: null,
  hangupCause: null,
  durationS: null,
  billsecS: null,
  maxParticipants: 0,
  threeWay: false,
  participants: {},
  recordingUrl: null,
  recordingSha256: null,
  lastSeq: 0,
};
const START = new Date('2026-03-02T01:00:00Z');
const caller = { hash: 'h', enc: 'e', masked: '138****0001' };
const fold = (events: TCtiEvent[]) =>
  events.reduce(
    (s, ev) => foldCtiEvent(s, ev, ev.type === 'call.ringing' ? { caller } : { agentId: 'u1' }),
    EMPTY,
  );
const parse = (raw: Record<string, unknown>[]) => raw.map((e) => ZCtiEvent.parse(e));

describe('folding CTI events into a call record', () => {
  const events = parse(threeWayScript('c1', START, '13800000001'));
  const inOrder = fold(events);

  test('a call with a third participant is a three-way call with its times, end and recording', () => {
    expect(inOrder).toMatchObject({
      direction: 'inbound',
      callerMasked: '138****0001',
      ringingAt: START,
      answeredAt: new Date(START.getTime() + 5000),
      endedAt: new Date(START.getTime() + 180_000),
      hangupCause: 'NORMAL_CLEARING',
      durationS: 180,
      billsecS: 175,
      maxParticipants: 3,
      threeWay: true,
      recordingUrl: 'https://recordings.example.cn/c1.wav',
      agentExt: '8001',
      agentId: 'u1',
      lastSeq: events.length,
    });
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('any arrival order (seed %i) ends in the same record', (seed) => {
    expect(fold(shuffled(events, seed))).toEqual(inOrder);
  });

  test('every event delivered twice changes nothing', () => {
    expect(fold(events.flatMap((e) => [e, e]))).toEqual(inOrder);
    expect(fold([...events, ...shuffled(events, 42)])).toEqual(inOrder);
  });

  test('a transfer (one party leaves as another joins) is not a three-way call', () => {
    const transfer = parse(
      callScript('c2', START, [
        { atS: 0, ...ringing('13800000002') },
        { atS: 0, leg: 'c', type: 'participant.joined', role: 'citizen' },
        { atS: 3, leg: 'g1', type: 'participant.joined', role: 'agent' },
        { atS: 3, type: 'call.answered', agent_id: 'agent1' },
        { atS: 30, type: 'call.transferred', to_agent_ext: '8002' },
        { atS: 30, leg: 'g1', type: 'participant.left', role: 'agent' },
        { atS: 30, leg: 'g2', type: 'participant.joined', role: 'agent' },
      ]),
    );
    for (const seed of [1, 2, 3]) {
      const state = fold(shuffled(transfer, seed));
      expect(state.maxParticipants).toBe(2);
      expect(state.threeWay).toBe(false);
    }
  });

  test('a leave seen before its join still counts the leg from its join', () => {
    const legs = { a: { role: 'citizen', joinedAt: '2026-03-02T01:00:00.000Z', leftAt: null } };
    expect(maxConcurrentLegs(legs)).toBe(1);
    const [left, joined] = parse(
      callScript('c3', START, [
        { atS: 50, leg: 'x', type: 'participant.left', role: 'third_party' },
        { atS: 10, leg: 'x', type: 'participant.joined', role: 'third_party' },
      ]),
    );
    const state = fold([left!, joined!]);
    expect(state.participants.x).toEqual({
      role: 'third_party',
      joinedAt: new Date(START.getTime() + 10_000).toISOString(),
      leftAt: new Date(START.getTime() + 50_000).toISOString(),
    });
  });

  test('the earliest ringing keeps its fields whichever arrives first', () => {
    const [early, late] = parse(
      callScript('c4', START, [
        { atS: 0, ...ringing('13800000004', '8001'), queue: 'first' },
        { atS: 20, ...ringing('13800000004', '8009'), queue: 'second' },
      ]),
    );
    const a = fold([early!, late!]);
    const b = fold([late!, early!]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ queue: 'first', agentExt: '8001', ringingAt: START });
  });
});
