import type { TTicketOutboxPayload } from '@hotline/shared';
import { followUpJobs } from '../src/outbox/follow-up-jobs';

const NOW = Date.parse('2025-03-03T02:00:00Z');
const TICKET = '11111111-1111-4111-8111-111111111111';
const DEADLINE = '22222222-2222-4222-8222-222222222222';

function payload(
  status: TTicketOutboxPayload['message']['status'],
  deadlines: TTicketOutboxPayload['deadlines'] = [],
): TTicketOutboxPayload {
  return {
    message: {
      type: 'ticket.created',
      ticketId: TICKET,
      ticketNo: '20250303000001',
      status,
      version: 0,
      eventId: '1',
      at: new Date(NOW).toISOString(),
      actorName: null,
      unitIds: [],
    },
    confidential: false,
    deadlines,
  };
}

test('a ticket created registered, or a draft being registered, is sent to routing under one job id', () => {
  const created = followUpJobs('ticket.created', payload('registered'), NOW);
  const registered = followUpJobs('ticket.registered', payload('registered'), NOW);
  expect(created).toEqual([
    {
      queue: 'routing',
      name: 'route-ticket',
      data: { v: 1, ticketId: TICKET },
      opts: { jobId: `routing-${TICKET}` },
    },
  ]);
  expect(registered).toEqual(created);
});

test('a draft and other changes start no routing', () => {
  expect(followUpJobs('ticket.created', payload('draft'), NOW)).toEqual([]);
  expect(followUpJobs('ticket.signed', payload('in_progress'), NOW)).toEqual([]);
});

test('each deadline arms a warning timer at its warning instant and a breach timer a second after it is due', () => {
  const warnAt = new Date(NOW + 3_600_000).toISOString();
  const dueAt = new Date(NOW + 7_200_000).toISOString();
  const jobs = followUpJobs(
    'ticket.dispatched',
    payload('dispatched', [{ id: DEADLINE, warnAt, dueAt }]),
    NOW,
  );
  expect(jobs).toEqual([
    {
      queue: 'sla-clock',
      name: 'warn',
      data: { v: 1, kind: 'warn', deadlineId: DEADLINE },
      opts: { jobId: `warn:${DEADLINE}:${NOW + 3_600_000}`, delay: 3_600_000 },
    },
    {
      queue: 'sla-clock',
      name: 'breach',
      data: { v: 1, kind: 'breach', deadlineId: DEADLINE },
      opts: { jobId: `breach:${DEADLINE}:${NOW + 7_200_000}`, delay: 7_201_000 },
    },
  ]);
});

test('a moved deadline gets timers with new ids, a suspended one gets none, a past one fires at once', () => {
  const moved = followUpJobs(
    'ticket.extension_approved',
    payload('in_progress', [{ id: DEADLINE, warnAt: null, dueAt: new Date(NOW + 1000).toISOString() }]),
    NOW,
  );
  expect(moved.map((j) => j.opts.jobId)).toEqual([`breach:${DEADLINE}:${NOW + 1000}`]);
  expect(
    followUpJobs(
      'ticket.suspended',
      payload('suspended', [{ id: DEADLINE, warnAt: null, dueAt: null }]),
      NOW,
    ),
  ).toEqual([]);
  const late = followUpJobs(
    'ticket.supervised',
    payload('dispatched', [{ id: DEADLINE, warnAt: null, dueAt: new Date(NOW - 60_000).toISOString() }]),
    NOW,
  );
  expect(late[0]!.opts.delay).toBe(0);
});
