import { TICKET_ACTIONS } from '@hotline/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TicketDetailPage } from '../src/features/tickets/detail/TicketDetailPage';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeDetailResponse, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const reference = {
  'GET /api/v1/units': { body: { items: [] } },
  'GET /api/v1/categories': { body: { items: [] } },
};

describe('TicketDetailPage', () => {
  it('renders exactly the actions the server makes available', async () => {
    mockFetch({ ...reference, 'GET /api/v1/tickets/t1': { body: makeDetailResponse() } });
    renderAsUser(<TicketDetailPage id="t1" />, makeUser());

    expect(await screen.findByTestId('ticket-no')).toHaveTextContent('20250601000001');
    const bar = screen.getByTestId('action-bar');
    const shown = within(bar)
      .getAllByRole('button')
      .map((b) => b.getAttribute('data-testid'));
    expect(shown).toEqual(['action-sign', 'action-return']);
    for (const action of TICKET_ACTIONS.filter((a) => a !== 'sign' && a !== 'return')) {
      expect(screen.queryByTestId(`action-${action}`)).not.toBeInTheDocument();
    }
    expect(screen.getByText('签收')).toBeInTheDocument();
    expect(screen.getByTestId('citizen-phone')).toHaveTextContent('138****5678');
    expect(screen.getByTestId('timeline-ticket.dispatched')).toHaveTextContent('请尽快核查');
  });

  it('shows no action buttons when none is available', async () => {
    mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': { body: makeDetailResponse({ availableActions: [] }) },
    });
    renderAsUser(<TicketDetailPage id="t1" />, makeUser());
    expect(await screen.findByText('当前无可执行操作')).toBeInTheDocument();
    expect(screen.queryByTestId('action-bar')).not.toBeInTheDocument();
  });

  it('returns a ticket with a reason, the expected version and the CSRF header', async () => {
    const { calls } = mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': { body: makeDetailResponse() },
      'POST /api/v1/tickets/t1/return': { body: { ticket: makeDetail({ status: 'returned', version: 4 }) } },
    });
    renderAsUser(<TicketDetailPage id="t1" />, makeUser());

    fireEvent.click(await screen.findByTestId('action-return'));
    fireEvent.change(await screen.findByLabelText('原因'), { target: { value: '不属于本单位职责' } });
    fireEvent.click(screen.getByTestId('action-submit'));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/tickets/t1/return');
    expect(post?.body).toEqual({ expectedVersion: 3, reason: '不属于本单位职责' });
    expect(post?.headers['X-Requested-With']).toBe('hotline');
    // the detail is fetched again for the new timeline
    await waitFor(() => expect(calls.filter((c) => c.url === '/api/v1/tickets/t1')).toHaveLength(2));
  });

  it('shows the API error message when an action is refused', async () => {
    mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': { body: makeDetailResponse() },
      'POST /api/v1/tickets/t1/sign': {
        status: 409,
        body: { error: { code: 'ILLEGAL_TRANSITION', message: '工单状态已变化，无法签收', details: null } },
      },
    });
    renderAsUser(<TicketDetailPage id="t1" />, makeUser());
    fireEvent.click(await screen.findByTestId('action-sign'));
    fireEvent.click(await screen.findByTestId('action-submit'));
    expect(await screen.findByText('工单状态已变化，无法签收')).toBeInTheDocument();
  });

  it('refetches when the ticket changes elsewhere and shows who else is viewing', async () => {
    const { calls } = mockFetch({ ...reference, 'GET /api/v1/tickets/t1': { body: makeDetailResponse() } });
    const { socket } = renderAsUser(<TicketDetailPage id="t1" />, makeUser());
    await screen.findByTestId('ticket-no');
    expect(socket.emitted.some((e) => e.event === 'ticket.watch' && e.args[0] === 't1')).toBe(true);

    act(() =>
      socket.serverPush('presence', {
        ticketId: 't1',
        viewers: [
          { userId: 'u-handler', name: '王承办' },
          { userId: 'u-2', name: '张主任' },
        ],
      }),
    );
    expect(await screen.findByTestId('presence')).toHaveTextContent('同时在看：张主任');

    const detailFetches = () => calls.filter((c) => c.url === '/api/v1/tickets/t1').length;
    expect(detailFetches()).toBe(1);
    act(() =>
      socket.serverPush('ticket.event', {
        type: 'ticket.supervised',
        ticketId: 't1',
        ticketNo: '20250601000001',
        status: 'dispatched',
        version: 4,
        eventId: 'e9',
        at: new Date().toISOString(),
        actorName: '督办员',
        unitIds: [],
      }),
    );
    await waitFor(() => expect(detailFetches()).toBe(2));
  });

  it('shows a not-found result for a ticket the user may not see', async () => {
    mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': {
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'no', details: null } },
      },
    });
    renderAsUser(<TicketDetailPage id="t1" />, makeUser());
    expect(await screen.findByText('工单不存在或无权查看')).toBeInTheDocument();
  });
});
