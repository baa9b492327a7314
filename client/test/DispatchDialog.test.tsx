import type { TDuplicateCandidate, TRoutingSuggestions } from '@hotline/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { resetReferenceData } from '../src/features/tickets/common/useReferenceData';
import { TicketDetailPage } from '../src/features/tickets/detail/TicketDetailPage';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeDetailResponse, makeUser } from './support/fixtures';
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
const tnDispatcher = makeUser({
  id: 'u-tn',
  role: 'dispatcher',
  displayName: '孙分派',
  unitId: U.tn,
  unitName: '天宁区12345分中心',
  unitKind: 'district',
  unitCanDispatch: true,
});

const PARENT_ID = '11111111-1111-4111-8111-111111111111';

const suggestions: TRoutingSuggestions = {
  units: [
    {
      unitId: U.cgj,
      unitName: '市城管局',
      confidence: 0.95,
      reason: 'catalogue',
      assisting: [{ id: U.zjj, name: '市住建局' }],
    },
    { unitId: U.tn, unitName: '天宁区12345分中心', confidence: 0.62, reason: 'model' },
    { unitId: U.gdgs, unitName: '国网常州供电公司', confidence: 0.11, reason: 'model' },
    { unitId: U.zl, unitName: '钟楼区12345分中心', confidence: 0.05, reason: 'line default' },
  ],
  categories: [{ categoryId: 'c9', code: '0301', name: '占道经营', confidence: 0.81 }],
  modelTrainedAt: '2026-03-01T02:00:00.000Z',
};

const duplicate: TDuplicateCandidate = {
  ticketId: PARENT_ID,
  no: '20260301000007',
  title: '青山路夜间施工扰民',
  status: 'dispatched',
  createdAt: '2026-03-01T01:00:00.000Z',
  score: 0.87,
  reasons: ['same_caller', 'similar_text'],
  similarity: 0.74,
};

function routes(extra: Record<string, unknown> = {}) {
  return {
    'GET /api/v1/units': { body: { items: UNITS } },
    'GET /api/v1/categories': { body: { items: [] } },
    'GET /api/v1/tickets/t1': {
      body: makeDetailResponse({
        ticket: makeDetail({ status: 'registered', leadUnitId: null, leadUnitName: null }),
        assignments: [],
        availableActions: ['dispatch', 'merge'],
      }),
    },
    'GET /api/v1/tickets/t1/suggestions': { body: suggestions },
    'GET /api/v1/tickets/t1/duplicates': { body: { items: [duplicate] } },
    ...extra,
  } as Parameters<typeof mockFetch>[0];
}

describe('dispatch dialog', () => {
  beforeEach(() => resetReferenceData());

  it('shows the three best suggestions and one click fills the lead and assisting units', async () => {
    const { calls } = mockFetch(
      routes({
        'POST /api/v1/tickets/t1/dispatch': {
          body: { ticket: makeDetail({ status: 'dispatched', version: 4 }) },
        },
      }),
    );
    renderAsUser(<TicketDetailPage id="t1" />, dispatcher);
    fireEvent.click(await screen.findByTestId('action-dispatch'));

    const assist = await screen.findByTestId('dispatch-assist');
    const best = await within(assist).findByTestId(`suggestion-${U.cgj}`);
    expect(best).toHaveTextContent('市城管局');
    expect(best).toHaveTextContent('95%');
    expect(best).toHaveTextContent('派单目录');
    expect(best).toHaveTextContent('协办：市住建局');
    expect(within(assist).getByTestId(`suggestion-${U.tn}`)).toHaveTextContent('智能推荐');
    // only three are offered
    expect(within(assist).queryByTestId(`suggestion-${U.zl}`)).not.toBeInTheDocument();
    expect(within(assist).getByTestId('category-hints')).toHaveTextContent('0301 占道经营 · 81%');
    // the best suggestion is taken into the form as soon as it arrives
    await waitFor(() => expect(best).toHaveAttribute('aria-pressed', 'true'));
    const other = within(assist).getByTestId(`suggestion-${U.tn}`);
    fireEvent.click(other);
    await waitFor(() => expect(other).toHaveAttribute('aria-pressed', 'true'));
    expect(best).toHaveAttribute('aria-pressed', 'false');

    fireEvent.click(best);
    await waitFor(() => expect(best).toHaveAttribute('aria-pressed', 'true'));
    fireEvent.click(screen.getByTestId('action-submit'));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/tickets/t1/dispatch');
    expect(post?.body).toEqual({ expectedVersion: 3, unitId: U.cgj, assistingUnitIds: [U.zjj] });
  });

  it('lists possible duplicates with their reasons and merges into one from the dialog', async () => {
    const { calls } = mockFetch(
      routes({
        'POST /api/v1/tickets/t1/merge': { body: { ticket: makeDetail({ status: 'merged', version: 4 }) } },
      }),
    );
    renderAsUser(<TicketDetailPage id="t1" />, dispatcher);
    fireEvent.click(await screen.findByTestId('action-dispatch'));

    const row = await screen.findByTestId(`duplicate-${duplicate.no}`);
    expect(row).toHaveTextContent('同一来电人');
    expect(row).toHaveTextContent('内容相似');
    expect(row).toHaveTextContent('相似度 87%');
    const link = within(row).getByRole('link', { name: `在新窗口查看工单 ${duplicate.no}` });
    expect(link).toHaveAttribute('href', `/tickets/${PARENT_ID}`);
    expect(link).toHaveAttribute('target', '_blank');

    fireEvent.click(within(row).getByRole('button', { name: '合并到此单' }));
    // the merge form opens with the candidate as the parent
    const dialog = await screen.findByRole('dialog', { name: /合并/ });
    expect(within(dialog).getByText(`${duplicate.no} ${duplicate.title}`)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByTestId('action-submit'));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/tickets/t1/merge');
    expect(post?.body).toEqual({ expectedVersion: 3, parentId: PARENT_ID });
  });

  it('keeps the form usable when suggestions are unavailable', async () => {
    mockFetch(
      routes({
        'GET /api/v1/tickets/t1/suggestions': {
          status: 503,
          body: { error: { code: 'UNAVAILABLE', message: '模型加载中', details: null } },
        },
        'GET /api/v1/tickets/t1/duplicates': { body: { items: [] } },
      }),
    );
    renderAsUser(<TicketDetailPage id="t1" />, dispatcher);
    fireEvent.click(await screen.findByTestId('action-dispatch'));
    expect(await screen.findByTestId('suggestions-failed')).toHaveTextContent('智能推荐暂不可用：模型加载中');
    expect(await screen.findByText('未发现疑似重复工单')).toBeInTheDocument();
    expect(screen.getByLabelText('主办单位')).toBeInTheDocument();
  });
});

describe('subdispatch form', () => {
  beforeEach(() => resetReferenceData());

  it("offers only the units under the actor's own unit and sends the chosen one", async () => {
    const { calls } = mockFetch({
      'GET /api/v1/units': { body: { items: UNITS } },
      'GET /api/v1/categories': { body: { items: [] } },
      'GET /api/v1/tickets/t1': {
        body: makeDetailResponse({ availableActions: ['sign', 'subdispatch'] }),
      },
      'POST /api/v1/tickets/t1/subdispatch': {
        body: { ticket: makeDetail({ status: 'dispatched', version: 4 }) },
      },
    });
    renderAsUser(<TicketDetailPage id="t1" />, tnDispatcher);
    fireEvent.click(await screen.findByTestId('action-subdispatch'));

    const dialog = await screen.findByRole('dialog', { name: /二级派单/ });
    expect(
      within(dialog).getByText('只能派给本单位（天宁区12345分中心）下属的街道或部门'),
    ).toBeInTheDocument();
    fireEvent.mouseDown(within(dialog).getByLabelText('下级承办单位'));

    const option = await screen.findByTitle('茶山街道');
    expect(screen.getByTitle('雕庄街道')).toBeInTheDocument();
    for (const outside of ['五星街道', '市城管局', '钟楼区12345分中心', '天宁区12345分中心']) {
      expect(screen.queryByTitle(outside)).not.toBeInTheDocument();
    }
    fireEvent.click(option);
    fireEvent.click(within(dialog).getByTestId('action-submit'));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/tickets/t1/subdispatch');
    expect(post?.body).toEqual({ expectedVersion: 3, unitId: U.tnChashan });
  });

  it('rejects a return with a reason and chases with an optional message', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/units': { body: { items: UNITS } },
      'GET /api/v1/categories': { body: { items: [] } },
      'GET /api/v1/tickets/t1': {
        body: makeDetailResponse({
          ticket: makeDetail({ status: 'returned' }),
          availableActions: ['redispatch', 'reject-return', 'chase'],
        }),
      },
      'POST /api/v1/tickets/t1/reject-return': { body: { ticket: makeDetail({ version: 4 }) } },
      'POST /api/v1/tickets/t1/chase': { body: { ticket: makeDetail({ version: 5 }) } },
    });
    renderAsUser(<TicketDetailPage id="t1" />, dispatcher);

    fireEvent.click(await screen.findByTestId('action-reject-return'));
    fireEvent.change(await screen.findByLabelText('驳回理由'), {
      target: { value: '依据派单目录属城管职责' },
    });
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      expectedVersion: 3,
      reason: '依据派单目录属城管职责',
    });

    fireEvent.click(await screen.findByTestId('action-chase'));
    const dialog = await screen.findByRole('dialog', { name: /催办/ });
    fireEvent.click(within(dialog).getByTestId('action-submit'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    const chase = calls.filter((c) => c.method === 'POST')[1];
    expect(chase?.url).toBe('/api/v1/tickets/t1/chase');
    expect(chase?.body).toEqual({ expectedVersion: 3 });
  });
});
