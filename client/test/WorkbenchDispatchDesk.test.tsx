import type { TRoutingSuggestions, TTicketSummary } from '@hotline/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { resetReferenceData } from '../src/features/tickets/common/useReferenceData';
import { DispatchDeskPage } from '../src/features/workbench/DispatchDeskPage';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeDetailResponse, makeSummary, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';
import { U, UNITS } from './support/units';

const dispatcher = makeUser({
  id: 'u-disp',
  role: 'dispatcher',
  displayName: '赵派单',
  unitId: U.city,
  unitName: '常州市12345政府公共服务热线中心',
  unitKind: 'hotline',
  unitCanDispatch: true,
});

const registered = (id: string, no: string, title: string): TTicketSummary =>
  makeSummary({ id, no, title, status: 'registered', leadUnitId: null, leadUnitName: null, version: 1 });
const first = registered('t1', 'NO-1', '人民路井盖缺失');
const second = registered('t2', 'NO-2', '小区噪音扰民');
const returned = makeSummary({
  id: 't3',
  no: 'NO-3',
  title: '违章搭建',
  status: 'returned',
  returnReason: '不属于本单位职责，建议派住建局',
  returnedByUnitName: '市城管局',
  returnedAt: '2026-03-02T03:00:00.000Z',
});
const extension = makeSummary({
  id: 't4',
  no: 'NO-4',
  title: '道路积水',
  status: 'in_progress',
  dueKind: 'reply',
  extensionRequest: {
    days: 3,
    reason: '需协调多个部门',
    requestedAt: '2026-03-02T04:00:00.000Z',
    unitName: '市城管局',
  },
});

const suggestion: TRoutingSuggestions = {
  units: [
    {
      unitId: U.cgj,
      unitName: '市城管局',
      confidence: 0.87,
      reason: 'catalogue',
      assisting: [{ id: U.zjj, name: '市住建局' }],
    },
    { unitId: U.zjj, unitName: '市住建局', confidence: 0.08, reason: 'model' },
  ],
  categories: [],
  modelTrainedAt: null,
};

type TRoutes = Parameters<typeof mockFetch>[0];
function deskRoutes(queues: Record<string, TTicketSummary[]>, extra: TRoutes = {}): TRoutes {
  return {
    'GET /api/v1/tickets': (req) => {
      const queue = new URL(req.url, 'http://x').searchParams.get('queue') ?? '';
      return { body: { items: queues[queue] ?? [], nextCursor: null } };
    },
    'GET /api/v1/tickets/t1/suggestions': { body: suggestion },
    'GET /api/v1/tickets/t2/suggestions': { body: { units: [], categories: [], modelTrainedAt: null } },
    'GET /api/v1/units': { body: { items: UNITS } },
    'GET /api/v1/categories': { body: { items: [] } },
    ...extra,
  };
}

describe('派单台 (dispatch desk)', () => {
  beforeEach(() => {
    resetReferenceData();
    window.history.replaceState(null, '', '/dispatch-desk');
  });

  it('dispatches a ticket to its top suggestion in one click, with the assisting units', async () => {
    const queues = { to_dispatch: [first, second], returned: [returned], extension_requests: [extension] };
    const { calls } = mockFetch(
      deskRoutes(queues, {
        'POST /api/v1/tickets/t1/dispatch': () => {
          queues.to_dispatch = [second];
          return { body: { ticket: makeDetail({ ...first, status: 'dispatched', version: 2 }) } };
        },
      }),
    );
    renderAsUser(<DispatchDeskPage />, dispatcher);

    const button = await screen.findByTestId('dispatch-one-click-NO-1');
    expect(button).toHaveTextContent('派给 市城管局');
    expect(button).toHaveAccessibleName('将工单 NO-1 派给 市城管局（置信度 87%）');
    expect(screen.getByTestId('top-suggestion-NO-1')).toHaveTextContent('87%');
    expect(screen.getByTestId('top-suggestion-NO-1')).toHaveTextContent('协办：市住建局');
    // no suggestion: only the full dialog
    expect(await screen.findByText('暂无推荐，请选择单位')).toBeInTheDocument();
    expect(screen.queryByTestId('dispatch-one-click-NO-2')).toBeNull();
    // the tabs count what waits
    expect(screen.getByTestId('badge-to_dispatch')).toHaveTextContent('2');
    expect(screen.getByTestId('badge-returned')).toHaveTextContent('1');
    expect(screen.getByTestId('badge-extension_requests')).toHaveTextContent('1');
    const queries = calls
      .filter((c) => c.url.startsWith('/api/v1/tickets?'))
      .map((c) => new URL(c.url, 'http://x'));
    expect(queries.map((q) => q.searchParams.get('queue')).sort()).toEqual([
      'extension_requests',
      'returned',
      'to_dispatch',
    ]);

    fireEvent.click(button);
    await waitFor(() => expect(screen.queryByTestId('to-dispatch-row-NO-1')).toBeNull());
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/tickets/t1/dispatch');
    expect(post.body).toEqual({ unitId: U.cgj, assistingUnitIds: [U.zjj], expectedVersion: 1 });
    expect(await screen.findByText('已派给 市城管局')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('badge-to_dispatch')).toHaveTextContent('1'));
  });

  it('other unit… opens the dispatch dialog with the searchable unit tree', async () => {
    mockFetch(
      deskRoutes(
        { to_dispatch: [second] },
        {
          'GET /api/v1/tickets/t2': {
            body: makeDetailResponse({
              ticket: makeDetail({ ...second }),
              assignments: [],
              availableActions: ['dispatch', 'merge'],
            }),
          },
          'GET /api/v1/tickets/t2/duplicates': { body: { items: [] } },
        },
      ),
    );
    renderAsUser(<DispatchDeskPage />, dispatcher);
    fireEvent.click(await screen.findByTestId('dispatch-other-NO-2'));
    // the ticket is read first, then its own dispatch dialog opens
    await screen.findByTestId('dispatch-assist');
    const dialog = document.querySelector<HTMLElement>('.ant-modal')!;
    expect(within(dialog).getByText('派单 · NO-2')).toBeInTheDocument();
    expect(dialog.querySelector('input[id$="_unitId"]')).not.toBeNull();
    expect(dialog.querySelector('input[id$="_assistingUnitIds"]')).not.toBeNull();
  });

  it("shows the unit's return reason and rejects the return with a reason", async () => {
    const { calls } = mockFetch(
      deskRoutes(
        { returned: [returned] },
        {
          'GET /api/v1/tickets/t3': {
            body: makeDetailResponse({
              ticket: makeDetail({ ...returned }),
              availableActions: ['redispatch', 'reject-return'],
            }),
          },
          'POST /api/v1/tickets/t3/reject-return': {
            body: { ticket: makeDetail({ ...returned, status: 'dispatched', version: 5 }) },
          },
        },
      ),
    );
    renderAsUser(<DispatchDeskPage />, dispatcher);
    fireEvent.click(screen.getByText('退单审核'));
    const row = await screen.findByTestId('returned-row-NO-3');
    expect(row).toHaveTextContent('市城管局');
    expect(row).toHaveTextContent('不属于本单位职责，建议派住建局');
    expect(within(row).getByTestId('accept-return-NO-3')).toHaveTextContent('同意退单并改派');

    fireEvent.click(within(row).getByTestId('reject-return-NO-3'));
    fireEvent.change(await screen.findByLabelText('驳回理由'), { target: { value: '属于城管职责' } });
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/tickets/t3/reject-return');
    expect(post.body).toMatchObject({ reason: '属于城管职责', expectedVersion: 3 });
  });

  it('lists extension requests with days and reason, and says so when the ticket moved on', async () => {
    mockFetch(
      deskRoutes(
        { extension_requests: [extension] },
        {
          // someone else decided meanwhile: the dialog does not offer a stale action
          'GET /api/v1/tickets/t4': {
            body: makeDetailResponse({ ticket: makeDetail({ ...extension }), availableActions: ['chase'] }),
          },
        },
      ),
    );
    renderAsUser(<DispatchDeskPage />, dispatcher);
    fireEvent.click(screen.getByText('延期审批'));
    const row = await screen.findByTestId('extensions-row-NO-4');
    expect(row).toHaveTextContent('3 个工作日');
    expect(row).toHaveTextContent('需协调多个部门');
    fireEvent.click(within(row).getByTestId('approve-extension-NO-4'));
    expect(await screen.findByTestId('action-unavailable')).toHaveTextContent('此操作当前不可用');
  });

  it('reads the queues again when a ticket event may change them', async () => {
    const queues = { to_dispatch: [first] as TTicketSummary[] };
    const { calls } = mockFetch(deskRoutes(queues));
    const { socket } = renderAsUser(<DispatchDeskPage />, dispatcher);
    await screen.findByTestId('to-dispatch-row-NO-1');
    const third = registered('t5', 'NO-5', '路灯不亮');
    queues.to_dispatch = [first, third];
    act(() =>
      socket.serverPush('ticket.event', {
        type: 'ticket.created',
        ticketId: 't5',
        ticketNo: 'NO-5',
        status: 'registered',
        version: 0,
        eventId: 'e5',
        at: new Date().toISOString(),
        actorName: '张话务',
        unitIds: [],
      }),
    );
    expect(await screen.findByTestId('to-dispatch-row-NO-5')).toBeInTheDocument();
    // only the queue the event could change was read again
    const reads = calls.filter((c) => c.url.startsWith('/api/v1/tickets?'));
    expect(reads.filter((c) => c.url.includes('queue=to_dispatch'))).toHaveLength(2);
    expect(reads.filter((c) => c.url.includes('queue=returned'))).toHaveLength(1);
  });

  it('admins look over the desk without dispatching', async () => {
    mockFetch(deskRoutes({ to_dispatch: [first] }));
    renderAsUser(<DispatchDeskPage />, makeUser({ role: 'admin', unitId: U.city, unitKind: 'hotline' }));
    expect(await screen.findByTestId('top-suggestion-NO-1')).toHaveTextContent('市城管局');
    expect(screen.queryByTestId('dispatch-one-click-NO-1')).toBeNull();
    expect(screen.queryByTestId('dispatch-other-NO-1')).toBeNull();
  });

  it('is closed to unit staff', () => {
    mockFetch({});
    renderAsUser(<DispatchDeskPage />, makeUser());
    expect(screen.getByText('您没有使用此工作台的权限')).toBeInTheDocument();
  });
});
