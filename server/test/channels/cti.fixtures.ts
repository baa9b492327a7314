import { randomUUID } from 'node:crypto';
import { signCtiBody } from '../../src/channels/cti/cti-signature';
import type { TTestServer } from '../support/harness';

export const CTI_SECRET = 'cti-test-secret-0123456789abcdef';
export const CTI_ENV = { CTI_SHARED_SECRET: CTI_SECRET };

export type TCtiResponse = { status: number; json: any };

/** Sends raw bytes to the CTI webhook, signed as the middleware signs them unless told otherwise. */
export async function postCti(
  s: TTestServer,
  body: string,
  opts: { now?: Date; timestamp?: string; signature?: string | null; secret?: string } = {},
): Promise<TCtiResponse> {
  const timestamp = opts.timestamp ?? String(Math.floor((opts.now ?? new Date()).getTime() / 1000));
  const signature =
    opts.signature === undefined ? signCtiBody(opts.secret ?? CTI_SECRET, timestamp, body) : opts.signature;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (timestamp) headers['x-hotline-timestamp'] = timestamp;
  if (signature !== null) headers['x-hotline-signature'] = signature;
  const res = await fetch(`${s.url}/channels/cti/events`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

export type TEventInput = Record<string, unknown> & { type: string };

/** A call's events, numbered in order, with times `stepS` seconds apart from `start`. */
export function callScript(
  callId: string,
  start: Date,
  steps: (Omit<TEventInput, 'seq' | 'occurred_at'> & { atS: number; leg?: string })[],
): Record<string, unknown>[] {
  return steps.map(({ atS, leg, ...rest }, i) => ({
    event_id: `${callId}-e${i + 1}`,
    call_id: callId,
    leg_id: leg ?? `${callId}-a`,
    seq: i + 1,
    occurred_at: new Date(start.getTime() + atS * 1000).toISOString(),
    ...rest,
  }));
}

export const newCallId = () => `call-${randomUUID()}`;

export function ringing(caller: string, agentExt: string | null = '8001') {
  return {
    type: 'call.ringing',
    direction: 'inbound',
    caller_number: caller,
    callee_number: '12345',
    queue: 'general',
    agent_ext: agentExt,
  };
}

/** An answered call with citizen, agent and (optionally) a third party joining: a three-way call. */
export function threeWayScript(callId: string, start: Date, caller: string) {
  return callScript(callId, start, [
    { atS: 0, ...ringing(caller) },
    { atS: 1, leg: `${callId}-c`, type: 'participant.joined', role: 'citizen', number: caller },
    { atS: 5, type: 'call.answered', agent_id: 'agent1', agent_ext: '8001' },
    { atS: 5, leg: `${callId}-g`, type: 'participant.joined', role: 'agent', number: '8001' },
    { atS: 60, leg: `${callId}-t`, type: 'participant.joined', role: 'third_party', number: '12315' },
    { atS: 120, leg: `${callId}-t`, type: 'participant.left', role: 'third_party', number: '12315' },
    { atS: 180, leg: `${callId}-c`, type: 'participant.left', role: 'citizen', number: caller },
    { atS: 180, leg: `${callId}-g`, type: 'participant.left', role: 'agent', number: '8001' },
    { atS: 180, type: 'call.ended', hangup_cause: 'NORMAL_CLEARING', duration_s: 180, billsec_s: 175 },
    {
      atS: 190,
      type: 'recording.ready',
      recording_url: `https://recordings.example.cn/${callId}.wav`,
      duration_s: 175,
      sha256: 'a'.repeat(64),
    },
  ]);
}

/** Fisher–Yates with a seeded PRNG (mulberry32), so a failing order can be replayed. */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
