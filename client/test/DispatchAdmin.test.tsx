import {
  DEFAULT_DISPATCH_SETTINGS,
  type TCategoryView,
  type TDispatchRuleDto,
  type TDispatchRuleVersionDto,
} from '@hotline/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DispatchAdminPage } from '../src/features/dispatch/DispatchAdminPage';
import { resetReferenceData } from '../src/features/tickets/common/useReferenceData';
import { apiError, mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';
import { U, UNITS } from './support/units';

const centre = { unitId: U.city, unitName: '常州市12345政府公共服务热线中心', unitKind: 'hotline' as const };
const admin = makeUser({ id: 'u-admin', role: 'admin', displayName: '系统管理员', ...centre });
const supervisor = makeUser({ id: 'u-sup', role: 'supervisor', displayName: '刘督办', ...centre });

const CAT_NOISE = '22222222-2222-4222-8222-222222222222';
const CAT_STALLS = '33333333-3333-4333-8333-333333333333';
const category = (id: string, code: string, name: string): TCategoryView => ({
  id,
  code,
  name,
  parentId: null,
  level: 1,
  isLeaf: true,
  defaultUnitId: null,
  active: true,
});
const CATEGORIES = [category(CAT_NOISE, '0201', '噪音污染'), category(CAT_STALLS, '0301', '占道经营')];

const rule: TDispatchRuleDto = {
  id: '44444444-4444-4444-8444-444444444444',
  categoryId: CAT_NOISE,
  categoryCode: '0201',
  categoryName: '噪音污染',
  districtId: U.tn,
  districtName: '天宁区12345分中心',
  line: null,
  leadUnitId: U.cgj,
  leadUnitName: '市城管局',
  assisting: [{ id: U.zjj, name: '市住建局' }],
  note: '夜间施工噪音',
  active: true,
  version: 2,
  updatedAt: '2026-03-01T02:00:00.000Z',
  updatedByName: '系统管理员',
};

const reference = {
  'GET /api/v1/units': { body: { items: UNITS } },
  'GET /api/v1/categories': { body: { items: CATEGORIES } },
};

/** antd gives every modal title the same id under test, so dialogs are found by their title text. */
async function findDialog(title: string): Promise<HTMLElement> {
  return waitFor(() => {
    const dialog = screen.queryAllByRole('dialog').find((d) => d.textContent?.includes(title));
    if (!dialog) throw new Error(`no dialog titled ${title}`);
    return dialog;
  });
}

async function choose(scope: HTMLElement, label: string, option: string) {
  fireEvent.mouseDown(within(scope).getByLabelText(label));
  const found = await screen.findAllByTitle(option);
  fireEvent.click(found[found.length - 1]!);
}

describe('派单目录 page', () => {
  beforeEach(() => {
    resetReferenceData();
    window.history.replaceState(null, '', '/admin/dispatch');
  });

  it('lists the rules and lets an admin add one', async () => {
    const created = {
      ...rule,
      id: '55555555-5555-4555-8555-555555555555',
      categoryId: CAT_STALLS,
      version: 1,
    };
    const { calls } = mockFetch({
      ...reference,
      'GET /api/v1/dispatch-rules': { body: { items: [rule] } },
      'POST /api/v1/dispatch-rules': { status: 201, body: created },
    });
    renderAsUser(<DispatchAdminPage />, admin);

    const row = (await screen.findByText('噪音污染')).closest('tr')!;
    for (const text of [
      '天宁区12345分中心',
      '全部',
      '市城管局',
      '市住建局',
      '夜间施工噪音',
      'v2',
      '系统管理员',
    ]) {
      expect(row).toHaveTextContent(text);
    }

    fireEvent.click(screen.getByTestId('rule-create'));
    const dialog = await findDialog('新增派单规则');
    await choose(dialog, '分类', '0301 占道经营');
    await choose(dialog, '区域', '钟楼区12345分中心');
    await choose(dialog, '主办单位', '市城管局');
    fireEvent.change(within(dialog).getByLabelText('备注'), { target: { value: ' 占道摊点 ' } });
    fireEvent.click(within(dialog).getByTestId('rule-submit'));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/dispatch-rules');
    expect(post?.body).toEqual({
      categoryId: CAT_STALLS,
      districtId: U.zl,
      line: null,
      leadUnitId: U.cgj,
      assistingUnitIds: [],
      note: '占道摊点',
    });
    expect(post?.headers['X-Requested-With']).toBe('hotline');
    // the list is fetched again
    await waitFor(() =>
      expect(calls.filter((c) => c.url.startsWith('/api/v1/dispatch-rules')).length).toBe(3),
    );
  });

  it('sends the version it edited and explains a stale-version refusal', async () => {
    const { calls } = mockFetch({
      ...reference,
      'GET /api/v1/dispatch-rules': { body: { items: [rule] } },
      [`PUT /api/v1/dispatch-rules/${rule.id}`]: apiError(
        409,
        'STALE_VERSION',
        'The rule was changed by someone else; reload it',
      ),
    });
    renderAsUser(<DispatchAdminPage />, admin);
    const row = (await screen.findByText('噪音污染')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: '编辑' }));

    const dialog = await findDialog('编辑派单规则（当前 v2）');
    await choose(dialog, '主办单位', '市住建局');
    fireEvent.click(within(dialog).getByTestId('rule-submit'));

    const error = await within(dialog).findByTestId('rule-error');
    expect(error).toHaveTextContent('该规则已被他人修改');
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.body).toMatchObject({ expectedVersion: 2, leadUnitId: U.zjj, assistingUnitIds: [] });

    const listFetches = () =>
      calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/v1/dispatch-rules')).length;
    expect(listFetches()).toBe(1);
    fireEvent.click(within(error).getByRole('button', { name: '刷新列表' }));
    await waitFor(() => expect(listFetches()).toBe(2));
    await waitFor(() => expect(screen.queryByText('编辑派单规则（当前 v2）')).not.toBeInTheDocument());
  });

  it('says which rule is in the way when the key is taken', async () => {
    mockFetch({
      ...reference,
      'GET /api/v1/dispatch-rules': { body: { items: [rule] } },
      'POST /api/v1/dispatch-rules': apiError(
        409,
        'CONFLICT',
        'A live rule for this category, district and line exists; edit that one instead',
      ),
    });
    renderAsUser(<DispatchAdminPage />, admin);
    fireEvent.click(await screen.findByTestId('rule-create'));
    const dialog = await findDialog('新增派单规则');
    await choose(dialog, '分类', '0201 噪音污染');
    await choose(dialog, '主办单位', '市城管局');
    fireEvent.click(within(dialog).getByTestId('rule-submit'));
    expect(await within(dialog).findByTestId('rule-error')).toHaveTextContent(
      '与现有规则冲突：A live rule for this category, district and line exists',
    );
  });

  it('shows the history of a rule with the fields each version changed', async () => {
    const snapshot = (over: Partial<TDispatchRuleDto>) => {
      const { updatedAt: _a, updatedByName: _b, ...s } = { ...rule, ...over };
      return s;
    };
    const versions: TDispatchRuleVersionDto[] = [
      {
        version: 2,
        change: 'updated',
        snapshot: snapshot({}),
        changedByName: '系统管理员',
        changedAt: '2026-03-01T02:00:00.000Z',
      },
      {
        version: 1,
        change: 'created',
        snapshot: snapshot({ version: 1, leadUnitId: U.zjj, leadUnitName: '市住建局', assisting: [] }),
        changedByName: '王管理',
        changedAt: '2026-02-01T02:00:00.000Z',
      },
    ];
    mockFetch({
      ...reference,
      'GET /api/v1/dispatch-rules': { body: { items: [rule] } },
      [`GET /api/v1/dispatch-rules/${rule.id}/versions`]: { body: { items: versions } },
    });
    renderAsUser(<DispatchAdminPage />, supervisor);
    expect(await screen.findByText('只读：仅系统管理员可以修改派单目录')).toBeInTheDocument();
    expect(screen.queryByTestId('rule-create')).not.toBeInTheDocument();
    const row = (await screen.findByText('噪音污染')).closest('tr')!;
    expect(within(row).queryByRole('button', { name: '编辑' })).not.toBeInTheDocument();
    fireEvent.click(within(row).getByRole('button', { name: '历史' }));

    const v2 = await screen.findByTestId('rule-version-2');
    expect(v2).toHaveTextContent('修改');
    expect(v2).toHaveTextContent('主办单位：市住建局 → 市城管局');
    expect(v2).toHaveTextContent('协办单位：— → 市住建局');
    expect(v2).not.toHaveTextContent('区域');
    const v1 = screen.getByTestId('rule-version-1');
    expect(v1).toHaveTextContent('新增');
    expect(v1).toHaveTextContent('王管理');
    expect(v1).toHaveTextContent('区域：天宁区12345分中心');
  });
});

describe('派单设置 and models', () => {
  beforeEach(() => resetReferenceData());

  it('shows ratios as percentages with explanations and saves them back as ratios', async () => {
    const { calls } = mockFetch({
      ...reference,
      'GET /api/v1/dispatch-rules': { body: { items: [] } },
      'GET /api/v1/settings/dispatch': { body: DEFAULT_DISPATCH_SETTINGS },
      'PUT /api/v1/settings/dispatch': ({ body }) => ({ body }),
    });
    renderAsUser(<DispatchAdminPage />, admin);
    fireEvent.click(await screen.findByRole('tab', { name: '派单设置' }));

    const confidence = await screen.findByLabelText('自动派单置信度阈值');
    await waitFor(() => expect(confidence).toHaveValue('90'));
    expect(screen.getByLabelText('内容相似度阈值')).toHaveValue('50');
    expect(screen.getByLabelText('退单时限（工作日）')).toHaveValue('2.0');
    expect(screen.getByText(/承办单位须在派单后这么多个工作日内提出退单/)).toBeInTheDocument();

    fireEvent.change(confidence, { target: { value: '85' } });
    fireEvent.change(screen.getByLabelText('延期累计上限（工作日）'), { target: { value: '15' } });
    fireEvent.click(screen.getByTestId('settings-save'));

    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      autoDispatchMinConfidence: 0.85,
      returnWindowDays: 2,
      extensionCapDays: 15,
      duplicateWindowDays: 7,
      duplicateMinSimilarity: 0.5,
    });
    expect(await screen.findByText('派单设置已保存')).toBeInTheDocument();
  });

  it('is read-only for supervisors', async () => {
    mockFetch({
      ...reference,
      'GET /api/v1/dispatch-rules': { body: { items: [] } },
      'GET /api/v1/settings/dispatch': { body: DEFAULT_DISPATCH_SETTINGS },
    });
    renderAsUser(<DispatchAdminPage />, supervisor);
    fireEvent.click(await screen.findByRole('tab', { name: '派单设置' }));
    expect(await screen.findByLabelText('自动派单置信度阈值')).toBeDisabled();
    expect(screen.queryByTestId('settings-save')).not.toBeInTheDocument();
  });

  it('lists the routing models with held-out accuracy and queues a retraining', async () => {
    const { calls } = mockFetch({
      ...reference,
      'GET /api/v1/dispatch-rules': { body: { items: [] } },
      'GET /api/v1/routing/models': {
        body: {
          items: [
            {
              id: 'm1',
              target: 'unit',
              trainedAt: '2026-03-01T02:00:00.000Z',
              trainingRows: 18000,
              heldoutRows: 2000,
              top1: 0.823,
              top3: 0.951,
            },
          ],
        },
      },
      'POST /api/v1/routing/models/train': { status: 202, body: { requestId: 'req-42' } },
    });
    renderAsUser(<DispatchAdminPage />, admin);
    fireEvent.click(await screen.findByRole('tab', { name: '智能派单模型' }));
    const row = (await screen.findByText('82.3%')).closest('tr')!;
    expect(row).toHaveTextContent('承办单位');
    expect(row).toHaveTextContent('95.1%');
    expect(row).toHaveTextContent('18000');

    fireEvent.click(screen.getByTestId('model-train'));
    expect(await screen.findByText(/已提交训练任务（req-42）/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/routing/models/train')).toBe(true);
  });
});
