import type { TTicketSummary } from '@hotline/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { UnitDeskPage } from '../src/features/workbench/UnitDeskPage';
import { quickActions } from '../src/features/workbench/unitActions';
import { rowUrgency } from '../src/features/workbench/urgency';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeDetailResponse, makeSummary, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
type TNext = NonNullable<TTicketSummary['nextDeadline']>;

function row(no: string, next: TNext, extra: Partial<TTicketSummary> = {}): TTicketSummary {
  return makeSummary({
    id: `id-${no}`,
    no,
    title: `工单 ${no}`,
    nextDeadline: next,
    unitAssignment: { role: 'lead', status: next.kind === 'sign' ? 'pending' : 'signed' },
    ...extra,
  });
}

// In the server's order: breached first, then by the nearest deadline, paused last.
const breached = row('NO-A', {
  kind: 'sign',
  dueAt: at(-30 * MIN),
  warnAt: at(-60 * MIN),
  state: 'breached',
});
const warning = row(
  'NO-B',
  { kind: 'sign', dueAt: at(20 * MIN), warnAt: at(-10 * MIN), state: 'warning' },
  { supervisionLevel: 'red' },
);
// warns a moment after the queue is read (see routes): the row must turn amber by itself
let turning = row('NO-C', { kind: 'sign', dueAt: at(HOUR), warnAt: at(HOUR), state: 'ok' });
const assist = row(
  'NO-D',
  { kind: 'sign', dueAt: at(3 * HOUR), warnAt: at(2 * HOUR), state: 'ok' },
  { unitAssignment: { role: 'assist', status: 'pending' }, supervisionLevel: 'yellow' },
);
const signed = row('NO-E', {
  kind: 'reply',
  dueAt: at(5 * 24 * HOUR),
  warnAt: at(4 * 24 * HOUR),
  state: 'ok',
});
const paused = row(
  'NO-F',
  { kind: 'reply', dueAt: null, warnAt: null, state: 'paused' },
  { status: 'suspended' },
);
const queue = () => [breached, warning, turning, assist, signed, paused];

const handler = makeUser();

function routes(extra: Parameters<typeof mockFetch>[0] = {}): Parameters<typeof mockFetch>[0] {
  return {
    'GET /api/v1/tickets': (req) => {
      const q = new URL(req.url, 'http://x').searchParams;
      if (q.get('queue') === 'unit_urgent') {
        turning = row('NO-C', { kind: 'sign', dueAt: at(HOUR), warnAt: at(2500), state: 'ok' });
        return { body: { items: queue(), nextCursor: null } };
      }
      if (q.get('awaitingSignoff') === 'true')
        return {
          body: { items: [makeSummary({ id: 'id-S', no: 'NO-S', status: 'in_progress' })], nextCursor: null },
        };
      return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'bad', details: null } } };
    },
    ...extra,
  };
}

const rowOf = (no: string) => screen.getByTestId(`unit-todo-row-${no}`);

describe('办理工作台 (unit desk)', () => {
  beforeEach(() => window.history.replaceState(null, '', '/unit-desk'));

  it('lists the unit’s tickets by urgency with live countdowns, amber and red rows and supervision pinned', async () => {
    const { calls } = mockFetch(routes());
    renderAsUser(<UnitDeskPage />, handler);
    await screen.findByTestId('unit-todo-row-NO-A');

    const order = Array.from(document.querySelectorAll('[data-testid^="unit-todo-row-"]')).map((r) =>
      r.getAttribute('data-testid'),
    );
    expect(order).toEqual(queue().map((r) => `unit-todo-row-${r.no}`));
    expect(new URL(calls[0]!.url, 'http://x').searchParams.get('queue')).toBe('unit_urgent');

    expect(rowOf('NO-A')).toHaveClass('wb-row-breached');
    expect(within(rowOf('NO-A')).getByTestId('urgency-tag')).toHaveTextContent('已超期');
    expect(within(rowOf('NO-A')).getByTestId('countdown')).toHaveAttribute('data-state', 'overdue');
    expect(rowOf('NO-B')).toHaveClass('wb-row-warning');
    expect(rowOf('NO-C')).not.toHaveClass('wb-row-warning');
    expect(rowOf('NO-D')).not.toHaveClass('wb-row-warning');
    expect(rowOf('NO-D')).toHaveTextContent('协办');
    expect(rowOf('NO-F')).toHaveTextContent('已挂起，时限暂停');
    expect(within(rowOf('NO-E')).getByTestId('countdown')).toHaveTextContent(/^.*办结.*剩余 4天/);

    // 督办: a band on the row and a pinned card, red before yellow
    expect(within(rowOf('NO-B')).getByTestId('supervision-banner')).toHaveAttribute('data-level', 'red');
    const pins = within(screen.getByTestId('supervision-pins'));
    expect(pins.getByTestId('pin-NO-B')).toHaveAttribute('data-level', 'red');
    expect(pins.getByTestId('pin-NO-D')).toHaveAttribute('data-level', 'yellow');
    const pinOrder = Array.from(document.querySelectorAll('[data-testid^="pin-"]')).map((p) =>
      p.getAttribute('data-testid'),
    );
    expect(pinOrder).toEqual(['pin-NO-B', 'pin-NO-D']);

    // the countdown ticks every second
    const text = within(rowOf('NO-C')).getByTestId('countdown').textContent;
    await waitFor(() => expect(within(rowOf('NO-C')).getByTestId('countdown').textContent).not.toBe(text), {
      timeout: 2500,
    });
    // and the row turns amber when its warning time passes, without a reload
    await waitFor(() => expect(rowOf('NO-C')).toHaveClass('wb-row-warning'), { timeout: 5000 });
    expect(rowOf('NO-C')).toHaveAttribute('data-urgency', 'warning');
    expect(calls.filter((c) => c.url.startsWith('/api/v1/tickets?'))).toHaveLength(1);
  });

  it('offers the actions that fit the unit’s own assignment and opens their dialogs', async () => {
    const { calls } = mockFetch(
      routes({
        'GET /api/v1/tickets/id-NO-C': {
          body: makeDetailResponse({
            ticket: makeDetail({ ...turning }),
            availableActions: ['sign', 'return'],
          }),
        },
        'POST /api/v1/tickets/id-NO-C/sign': {
          body: { ticket: makeDetail({ ...turning, status: 'in_progress', version: 4 }) },
        },
      }),
    );
    renderAsUser(<UnitDeskPage />, handler);
    await screen.findByTestId('unit-todo-row-NO-C');
    const actions = (no: string) =>
      Array.from(rowOf(no).querySelectorAll('[data-testid^="quick-"]')).map((b) =>
        b.textContent?.replace(/\s/g, ''),
      );
    expect(actions('NO-C')).toEqual(['签收', '退单']);
    expect(actions('NO-D')).toEqual(['签收']); // assisting units do not return a ticket
    expect(actions('NO-E')).toEqual(['回复', '申请延期']);

    fireEvent.click(within(rowOf('NO-C')).getByTestId('quick-sign-NO-C'));
    fireEvent.click(await screen.findByTestId('action-submit'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/tickets/id-NO-C/sign');
    expect(post.body).toMatchObject({ expectedVersion: 3 });
    // the queue is read again after the action
    await waitFor(() => expect(calls.filter((c) => c.url.includes('queue=unit_urgent'))).toHaveLength(2));
  });

  it('re-reads the queue on a live event for one of its tickets', async () => {
    const { calls } = mockFetch(routes());
    const { socket } = renderAsUser(<UnitDeskPage />, handler);
    await screen.findByTestId('unit-todo-row-NO-A');
    act(() =>
      socket.serverPush('ticket.event', {
        type: 'ticket.supervised',
        ticketId: 'id-NO-E',
        ticketNo: 'NO-E',
        status: 'in_progress',
        version: 9,
        eventId: 'e9',
        at: new Date().toISOString(),
        actorName: '督办',
        unitIds: ['unit-cgj'],
      }),
    );
    await waitFor(() => expect(calls.filter((c) => c.url.includes('queue=unit_urgent'))).toHaveLength(2));
  });

  it('gives a unit manager the 待签发 tab from the awaiting-sign-off filter', async () => {
    const { calls } = mockFetch(routes());
    renderAsUser(<UnitDeskPage />, makeUser({ role: 'unit_manager', username: 'cgj_manager' }));
    await screen.findByTestId('unit-todo-row-NO-A');
    fireEvent.click(screen.getByText('待签发'));
    const row = await screen.findByTestId('unit-signoff-row-NO-S');
    expect(within(row).getByTestId('quick-signoff-reply-NO-S')).toBeInTheDocument();
    expect(within(row).getByTestId('quick-return-draft-NO-S')).toBeInTheDocument();
    const signoffRead = calls.find((c) => c.url.includes('awaitingSignoff=true'))!;
    expect(new URL(signoffRead.url, 'http://x').searchParams.get('open')).toBe('true');
    // the tab counts what waits
    expect(screen.getByTestId('badge-signoff')).toHaveTextContent('1');
  });

  it('keeps the plain ticket list one click away', async () => {
    mockFetch(routes());
    renderAsUser(<UnitDeskPage />, handler);
    await screen.findByTestId('unit-todo-row-NO-A');
    expect(screen.queryByText('待签发')).toBeNull();
    fireEvent.click(screen.getByText('查看全部工单'));
    expect(window.location.pathname).toBe('/tickets');
  });
});

describe('unit desk rules (pure)', () => {
  const now = Date.parse('2026-03-02T04:00:00.000Z');
  const next = (over: Partial<TNext>): TNext => ({
    kind: 'reply',
    dueAt: '2026-03-02T06:00:00.000Z',
    warnAt: '2026-03-02T05:00:00.000Z',
    state: 'ok',
    ...over,
  });

  it('colours by the server state, then by the clock at the warning and due times', () => {
    expect(rowUrgency(next({}), now)).toBe('ok');
    expect(rowUrgency(next({}), Date.parse('2026-03-02T05:00:00.000Z'))).toBe('warning');
    expect(rowUrgency(next({}), Date.parse('2026-03-02T06:00:00.001Z'))).toBe('breached');
    expect(rowUrgency(next({ state: 'warning' }), now)).toBe('warning');
    // a breach is stamped once: an extension after it does not make the row green
    expect(rowUrgency(next({ state: 'breached' }), now)).toBe('breached');
    expect(rowUrgency(next({ dueAt: null, warnAt: null, state: 'paused' }), now)).toBe('paused');
    expect(rowUrgency(null, now)).toBe('none');
  });

  it('offers only what the role may do on the assignment', () => {
    const lead = { unitAssignment: { role: 'lead' as const, status: 'signed' as const } };
    expect(quickActions(lead, { role: 'unit_handler', unitCanDispatch: false })).toEqual([
      'reply',
      'request-extension',
    ]);
    const draft = { unitAssignment: { role: 'lead' as const, status: 'awaiting_signoff' as const } };
    expect(quickActions(draft, { role: 'unit_handler', unitCanDispatch: false })).toEqual([]);
    expect(quickActions(draft, { role: 'unit_manager', unitCanDispatch: false })).toEqual([
      'signoff-reply',
      'return-draft',
    ]);
    // a district branch passes tickets down; its dispatchers do not sign for them
    const pending = { unitAssignment: { role: 'lead' as const, status: 'pending' as const } };
    expect(quickActions(pending, { role: 'dispatcher', unitCanDispatch: true })).toEqual(['subdispatch']);
    expect(quickActions({ unitAssignment: null }, { role: 'unit_manager', unitCanDispatch: false })).toEqual(
      [],
    );
  });
});
