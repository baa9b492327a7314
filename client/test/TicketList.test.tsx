import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { TicketListPage } from '../src/features/tickets/list/TicketListPage';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeSummary, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const HOUR = 3600_000;
const soon = makeSummary({
  id: 't1',
  no: 'NO-1',
  title: '占道经营',
  dueAt: new Date(Date.now() + HOUR).toISOString(),
});
const later = makeSummary({
  id: 't2',
  no: 'NO-2',
  title: '夜间噪音',
  dueAt: new Date(Date.now() + 30 * HOUR).toISOString(),
});

function event(ticketId: string, ticketNo: string, status: string, version: number) {
  return {
    type: 'ticket.dispatched',
    ticketId,
    ticketNo,
    status,
    version,
    eventId: `e-${ticketId}-${version}`,
    at: new Date().toISOString(),
    actorName: '赵派单',
    unitIds: ['unit-cgj'],
  };
}

describe('TicketListPage', () => {
  beforeEach(() => window.history.replaceState(null, '', '/tickets'));

  it("shows a unit's inbox sorted by deadline and opens a ticket on click", async () => {
    const { calls } = mockFetch({
      'GET /api/v1/tickets': { body: { items: [soon, later], nextCursor: null } },
    });
    renderAsUser(<TicketListPage />, makeUser());

    expect(await screen.findByTestId('ticket-row-NO-1')).toHaveTextContent('占道经营');
    expect(screen.getByText('本单位待办工单')).toBeInTheDocument();
    const query = new URL(calls[0]!.url, 'http://x').searchParams;
    expect(query.get('sort')).toBe('due_asc');
    expect(query.get('open')).toBe('true');
    // the nearer deadline is orange
    expect(screen.getByTestId('ticket-row-NO-1').querySelector('[data-testid=countdown]')).toHaveAttribute(
      'data-state',
      'warning',
    );

    fireEvent.click(screen.getByTestId('ticket-row-NO-2'));
    expect(window.location.pathname).toBe('/tickets/t2');
  });

  it('loads the next page with the cursor', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/tickets': (req) =>
        req.url.includes('cursor=c1')
          ? { body: { items: [later], nextCursor: null } }
          : { body: { items: [soon], nextCursor: 'c1' } },
    });
    renderAsUser(<TicketListPage />, makeUser());
    fireEvent.click(await screen.findByTestId('load-more'));
    expect(await screen.findByTestId('ticket-row-NO-2')).toBeInTheDocument();
    expect(calls[1]!.url).toContain('cursor=c1');
    expect(screen.getByText('已全部加载')).toBeInTheDocument();
  });

  it('updates a row in place and inserts a new matching ticket from live events', async () => {
    const fresh = makeDetail({
      id: 't3',
      no: 'NO-3',
      title: '井盖缺失',
      dueAt: new Date(Date.now() + 10 * HOUR).toISOString(),
      version: 1,
    });
    mockFetch({
      'GET /api/v1/tickets': { body: { items: [soon, later], nextCursor: null } },
      'GET /api/v1/tickets/t1': {
        body: { ticket: makeDetail({ ...soon, status: 'in_progress', version: 4 }) },
      },
      'GET /api/v1/tickets/t3': { body: { ticket: fresh } },
    });
    const { socket } = renderAsUser(<TicketListPage />, makeUser());
    await screen.findByTestId('ticket-row-NO-1');

    act(() => socket.serverPush('ticket.event', event('t1', 'NO-1', 'in_progress', 4)));
    await waitFor(() =>
      expect(screen.getByTestId('ticket-row-NO-1').querySelector('[data-testid=status-tag]')).toHaveAttribute(
        'data-status',
        'in_progress',
      ),
    );

    act(() => socket.serverPush('ticket.event', event('t3', 'NO-3', 'dispatched', 1)));
    const row = await screen.findByTestId('ticket-row-NO-3');
    const order = screen.getAllByRole('link').map((r) => r.getAttribute('data-testid'));
    expect(order).toEqual(['ticket-row-NO-1', 'ticket-row-NO-3', 'ticket-row-NO-2']);
    expect(row).toHaveClass('ticket-row-fresh');
  });

  it('ignores live events for tickets outside the filter', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/tickets': { body: { items: [soon], nextCursor: null } } });
    const { socket } = renderAsUser(<TicketListPage />, makeUser());
    await screen.findByTestId('ticket-row-NO-1');
    act(() => socket.serverPush('ticket.event', event('t9', 'NO-9', 'closed', 7)));
    await new Promise((r) => setTimeout(r, 400));
    expect(calls.some((c) => c.url.includes('/tickets/t9'))).toBe(false);
  });
});
