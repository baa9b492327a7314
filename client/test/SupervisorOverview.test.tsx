import { CHANNELS, TICKET_STATUSES, type TStatsOverview } from '@hotline/shared';
import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SupervisorOverviewPage } from '../src/features/stats/SupervisorOverviewPage';
import { defaultFilters, toQuery } from '../src/features/tickets/list/listFilters';
import { filtersFromSearch } from '../src/features/tickets/list/urlFilters';
import { apiError, mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

// antd screens render slowly on a busy machine: give the async queries room.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(60_000);

// jsdom has no canvas; ECharts measures its axis labels through one (the browser has it).
HTMLCanvasElement.prototype.getContext = (() => ({
  font: '',
  measureText: (text: string) => ({ width: text.length * 12 }),
})) as unknown as HTMLCanvasElement['getContext'];

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function makeOverview(overrides: Partial<TStatsOverview> = {}): TStatsOverview {
  return {
    date: '2025-03-12',
    asOf: '2025-03-12T02:45:00.000Z',
    received: 6,
    byChannel: { ...zeros(CHANNELS), phone: 4, web: 1, wechat: 1 },
    byStatus: {
      ...zeros(TICKET_STATUSES),
      registered: 2,
      dispatched: 2,
      reopened: 1,
      resolved: 2,
      closed: 1,
    },
    open: 7,
    warning: 1,
    overdue: 2,
    onTimeRate: 0.6667,
    satisfactionRate: 0.75,
    closedToday: 3,
    topUnits: [
      { unitId: '11111111-1111-4111-8111-111111111111', unitName: '市城管局', open: 5, overdue: 0 },
      { unitId: '22222222-2222-4222-8222-222222222222', unitName: '市住建局', open: 1, overdue: 1 },
    ],
    topCategories: [{ categoryId: '33333333-3333-4333-8333-333333333333', name: '占道经营', count: 4 }],
    ...overrides,
  };
}

const supervisor = makeUser({
  id: 'u-sup',
  username: 'supervisor1',
  role: 'supervisor',
  unitKind: 'hotline',
});
const tick = { type: 'ticket.dispatched', ticketId: 't9', ticketNo: 'N9', status: 'dispatched', version: 2 };

beforeEach(() => window.history.pushState(null, '', '/overview'));

describe('SupervisorOverviewPage', () => {
  it('shows every figure of the day, the channels and the units', async () => {
    mockFetch({ 'GET /api/v1/stats/overview': { body: makeOverview() } });
    renderAsUser(<SupervisorOverviewPage />, supervisor);

    expect(await screen.findByTestId('stat-received')).toHaveTextContent('6');
    expect(screen.getByTestId('stat-open')).toHaveTextContent('7');
    expect(screen.getByTestId('stat-warning')).toHaveTextContent('1');
    expect(screen.getByTestId('stat-overdue')).toHaveTextContent('2');
    expect(screen.getByTestId('stat-on-time')).toHaveTextContent('66.67%');
    expect(screen.getByTestId('stat-satisfaction')).toHaveTextContent('75.00%');
    expect(screen.getByTestId('stat-closed')).toHaveTextContent('3');
    expect(screen.getByText('今日受理')).toBeInTheDocument();
    expect(screen.getByTestId('channel-chart')).toHaveAttribute(
      'aria-label',
      expect.stringContaining('电话 4，微信 1，微博 0，网站 1'),
    );
    expect(screen.getByTestId('status-registered')).toHaveTextContent('2');
    const units = screen.getByTestId('overview-units');
    expect(within(units).getByText('市城管局')).toBeInTheDocument();
    expect(screen.getByTestId('unit-open-11111111-1111-4111-8111-111111111111')).toHaveTextContent('5');
    expect(screen.getByTestId('unit-overdue-22222222-2222-4222-8222-222222222222')).toHaveTextContent('1');
    expect(within(screen.getByTestId('overview-categories')).getByText('占道经营')).toBeInTheDocument();
  });

  it('shows a dash for a rate with nothing measured', async () => {
    mockFetch({
      'GET /api/v1/stats/overview': { body: makeOverview({ onTimeRate: null, satisfactionRate: null }) },
    });
    renderAsUser(<SupervisorOverviewPage />, supervisor);
    expect(await screen.findByTestId('stat-on-time')).toHaveTextContent('—');
    expect(screen.getByTestId('stat-satisfaction')).toHaveTextContent('—');
  });

  it('refetches once, about a second after a burst of ticket events, and shows the new numbers', async () => {
    let received = 6;
    const { calls } = mockFetch({
      'GET /api/v1/stats/overview': () => ({ body: makeOverview({ received }) }),
    });
    const { socket } = renderAsUser(<SupervisorOverviewPage />, supervisor);
    expect(await screen.findByTestId('stat-received')).toHaveTextContent('6');
    expect(calls).toHaveLength(1);

    received = 7;
    act(() => {
      socket.serverPush('ticket.event', { ...tick, eventId: 'e1' });
      socket.serverPush('ticket.event', { ...tick, eventId: 'e2' });
      socket.serverPush('ticket.event', { ...tick, eventId: 'e3' });
    });
    // not at once: the burst is gathered first
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('stat-received')).toHaveTextContent('7'), {
      timeout: 3000,
    });
    expect(calls).toHaveLength(2);
  });

  it('opens the ticket list filtered by the figure clicked', async () => {
    mockFetch({ 'GET /api/v1/stats/overview': { body: makeOverview() } });
    renderAsUser(<SupervisorOverviewPage />, supervisor);

    fireEvent.click(await screen.findByTestId('stat-overdue'));
    expect(window.location.pathname + window.location.search).toBe('/tickets?overdue=true&sort=due_asc');

    fireEvent.click(screen.getByTestId('stat-received'));
    const received = new URLSearchParams(window.location.search);
    expect(received.get('from')).toBe('2025-03-12T00:00:00+08:00');
    expect(received.get('to')).toBe('2025-03-13T00:00:00+08:00');
    expect(received.get('status')?.split(',')).not.toContain('draft');

    fireEvent.click(screen.getByTestId('unit-open-11111111-1111-4111-8111-111111111111'));
    expect(window.location.search).toBe('?unitId=11111111-1111-4111-8111-111111111111');
  });

  it('asks for another day when a date is picked', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/stats/overview': { body: makeOverview() } });
    renderAsUser(<SupervisorOverviewPage />, supervisor);
    await screen.findByTestId('stat-received');
    expect(calls[0]!.url).toBe('/api/v1/stats/overview');
    const input = screen.getByLabelText('统计日期');
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: '2025-03-11' } });
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
    await waitFor(() =>
      expect(calls.some((c) => c.url === '/api/v1/stats/overview?date=2025-03-11')).toBe(true),
    );
    expect(await screen.findByText('当日受理')).toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    let fail = true;
    mockFetch({
      'GET /api/v1/stats/overview': () =>
        fail ? apiError(500, 'INTERNAL', '数据库繁忙') : { body: makeOverview({ received: 9 }) },
    });
    renderAsUser(<SupervisorOverviewPage />, supervisor);
    expect(await screen.findByText('监督总览加载失败')).toBeInTheDocument();
    expect(screen.getByText('数据库繁忙')).toBeInTheDocument();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByTestId('stat-received')).toHaveTextContent('9');
  });

  it('is not offered to an agent and asks the server nothing', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/stats/overview': { body: makeOverview() } });
    renderAsUser(<SupervisorOverviewPage />, makeUser({ role: 'agent' }));
    expect(await screen.findByText('仅督办、派单员和管理员可查看监督总览')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});

describe('ticket list filters from a link', () => {
  it('reads status, overdue, sort and the overview scope from the URL and sends them to the server', () => {
    const f = filtersFromSearch(
      '?status=registered,closed,bogus&overdue=true&sort=due_asc&channel=wechat&unitId=11111111-1111-4111-8111-111111111111&from=2025-03-12T00:00:00%2B08:00&to=2025-03-13T00:00:00%2B08:00',
      defaultFilters('created_desc'),
    );
    expect(f).toMatchObject({ status: ['registered', 'closed'], overdue: true, sort: 'due_asc' });
    expect(toQuery(f)).toMatchObject({
      status: 'registered,closed',
      overdue: true,
      channel: 'wechat',
      unitId: '11111111-1111-4111-8111-111111111111',
      from: '2025-03-12T00:00:00+08:00',
      to: '2025-03-13T00:00:00+08:00',
    });
  });

  it('drops what it does not understand and keeps the defaults without a query', () => {
    const defaults = defaultFilters('due_asc');
    expect(filtersFromSearch('', defaults)).toBe(defaults);
    const f = filtersFromSearch('?unitId=not-a-uuid&channel=fax&from=yesterday&sort=random', defaults);
    expect(f.scope).toBeUndefined();
    expect(f.sort).toBe('due_asc');
  });
});
