import {
  DEFAULT_ASSESSMENT_CONFIG,
  DEFAULT_ASSESSMENT_NAME,
  type TAssessmentRankings,
  type TRankingRow,
  type TUnitBreakdown,
} from '@hotline/shared';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MyScorePage } from '../src/features/assessment/MyScorePage';
import { RankingsPage } from '../src/features/assessment/RankingsPage';
import { SchemesPage } from '../src/features/assessment/SchemesPage';
import { apiError, mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(60_000);

const SCHEME = {
  id: 's1',
  name: DEFAULT_ASSESSMENT_NAME,
  active: true,
  config: DEFAULT_ASSESSMENT_CONFIG,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const row = (
  unitId: string,
  name: string,
  score: number,
  rank: number | null,
  list: TRankingRow['list'],
): TRankingRow => ({
  unitId,
  name,
  kind: 'department',
  received: rank === null ? 3 : 40,
  ranked: rank !== null,
  score,
  itemPoints: score,
  adjustmentPoints: 0,
  rank,
  list,
  points: { onTimeRate: 30 },
});
const rows = [
  row('u1', '市城管局', 98.5, 1, 'red'),
  row('u2', '市住建局', 90, 2, null),
  row('u3', '市水利局', 61.2, 3, 'black'),
  row('u4', '市统计局', 100, null, null),
];
const RANKINGS: TAssessmentRankings = {
  scheme: { id: 's1', name: DEFAULT_ASSESSMENT_NAME },
  period: '2026-03',
  from: '2026-03-01',
  to: '2026-03-31',
  scored: true,
  computedAt: '2026-04-01T01:00:00.000Z',
  minReceived: 10,
  tiers: [
    { key: 'district', label: '区（市）', fullMarks: 150, rows: [], red: [], black: [] },
    { key: 'department', label: '市级部门及单位', fullMarks: 100, rows, red: [rows[0]!], black: [rows[2]!] },
  ],
};
const link = (metric: 'repliedOnTime' | 'replied' | 'supervisedRed') => ({
  metric,
  unitId: 'u3',
  level: 'unit' as const,
  from: '2026-03-01',
  to: '2026-03-31',
  href: `/kpi/tickets?metric=${metric}&unitId=u3&level=unit&from=2026-03-01&to=2026-03-31`,
});
const BREAKDOWN: TUnitBreakdown = {
  unitId: 'u3',
  name: '市水利局',
  kind: 'department',
  tier: 'department',
  tierLabel: '市级部门及单位',
  fullMarks: 100,
  received: 40,
  ranked: true,
  score: 61.2,
  itemPoints: 63.2,
  adjustmentPoints: -2,
  rank: 3,
  list: 'black',
  scheme: { id: 's1', name: DEFAULT_ASSESSMENT_NAME },
  period: '2026-03',
  from: '2026-03-01',
  to: '2026-03-31',
  computedAt: '2026-04-01T01:00:00.000Z',
  tierSize: 3,
  minReceived: 10,
  items: [
    {
      kpi: 'onTimeRate',
      value: 0.6,
      numerator: 24,
      denominator: 40,
      maxPoints: 30,
      points: 0,
      why: 'floor',
      target: 1,
      floor: 0.667,
      explain: '按时办结率 60.00%，低于66.70%，该项不得分（0/30分）',
      links: { numerator: [link('repliedOnTime')], denominator: [link('replied')] },
    },
  ],
  adjustments: [
    {
      key: 'redCard',
      label: '红牌督办',
      counter: 'supervisedRed',
      count: 1,
      allowance: 0,
      counted: 1,
      pointsEach: -2,
      points: -2,
      capped: false,
      link: link('supervisedRed'),
    },
  ],
};

const supervisor = makeUser({
  id: 'u-sup',
  username: 'supervisor1',
  role: 'supervisor',
  unitKind: 'hotline',
});

beforeEach(() => window.history.pushState(null, '', '/rankings?period=2026-03'));

describe('RankingsPage', () => {
  it('shows the tier table with red and black lists, and a unit’s breakdown linked to its tickets', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/assessment/schemes': { body: { items: [SCHEME] } },
      'GET /api/v1/assessment/rankings': { body: RANKINGS },
      'GET /api/v1/assessment/units/u3': { body: BREAKDOWN },
      'GET /api/v1/kpi/tickets': {
        body: {
          items: [
            {
              eventId: '9',
              ticketId: 't9',
              no: '20260305-0009',
              title: '河道漂浮物',
              day: '2026-03-05',
              unitName: '市水利局',
            },
          ],
          nextCursor: null,
        },
      },
    });
    renderAsUser(<RankingsPage />, supervisor);

    fireEvent.click(await screen.findByRole('tab', { name: /市级部门及单位/ }));
    const table = await screen.findByTestId('ranking-department');
    const bodyRows = within(table).getAllByRole('row').slice(1);
    expect(bodyRows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^1市城管局98\.5.*红榜$/),
      expect.stringMatching(/^2市住建局90/),
      expect.stringMatching(/^3市水利局61\.2.*黑榜$/),
      expect.stringMatching(/^不参与排名市统计局100/),
    ]);
    const visibleRed = screen.getAllByTestId('list-red').find((el) => within(el).queryByText(/市城管局/));
    expect(visibleRed).toBeDefined();
    const visibleBlack = screen.getAllByTestId('list-black').find((el) => within(el).queryByText(/市水利局/));
    expect(visibleBlack).toBeDefined();
    expect(calls.find((c) => c.url.includes('/assessment/rankings'))!.url).toContain('period=2026-03');

    fireEvent.click(within(table).getByText('市水利局'));
    const drawer = await screen.findByTestId('breakdown');
    expect(within(drawer).getByTestId('breakdown-score')).toHaveTextContent(
      '市级部门及单位：得分 61.2 / 100',
    );
    expect(within(drawer).getByText(/低于66\.70%，该项不得分/)).toBeInTheDocument();
    expect(within(drawer).getByText('第 3 名（共 3 家）')).toBeInTheDocument();

    fireEvent.click(within(drawer).getByTestId('tickets-repliedOnTime'));
    expect(await screen.findByText('20260305-0009')).toBeInTheDocument();
    const kpiCall = calls.find((c) => c.url.includes('/kpi/tickets'))!;
    expect(kpiCall.url).toContain('metric=repliedOnTime');
    expect(kpiCall.url).toContain('unitId=u3');
    expect(kpiCall.url).toContain('from=2026-03-01');
  });

  it('offers 立即评分 for a period not scored yet and reloads after the run', async () => {
    let scored = false;
    const { calls } = mockFetch({
      'GET /api/v1/assessment/schemes': { body: { items: [SCHEME] } },
      'GET /api/v1/assessment/rankings': () => ({
        body: scored ? RANKINGS : { ...RANKINGS, scored: false, computedAt: null, tiers: [] },
      }),
      'POST /api/v1/assessment/run': () => {
        scored = true;
        return { body: { period: '2026-03' } };
      },
    });
    renderAsUser(<RankingsPage />, supervisor);
    expect(await screen.findByText(/本期尚未评分/)).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('run-assessment'));
    expect(await screen.findByRole('tab', { name: /市级部门及单位/ })).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ period: '2026-03', schemeId: 's1' });
  });

  it('is refused to unit staff, who read 本单位考核 instead', async () => {
    mockFetch({ 'GET /api/v1/assessment/units/unit-cgj': apiError(404, 'NOT_FOUND', 'No assessment') });
    const { unmount } = renderAsUser(<RankingsPage />, makeUser());
    expect(await screen.findByText('仅督办和系统管理员可查看考核排名')).toBeInTheDocument();
    unmount();
    renderAsUser(<MyScorePage />, makeUser());
    expect(await screen.findByText('本单位本期暂无考核结果')).toBeInTheDocument();
  });
});

describe('SchemesPage', () => {
  it('shows the validation errors of an invalid scheme and does not save it', async () => {
    const admin = makeUser({ id: 'u-admin', username: 'admin', role: 'admin', unitKind: 'hotline' });
    const bad = { ...SCHEME, config: { ...SCHEME.config, tiers: [] } };
    const { calls } = mockFetch({ 'GET /api/v1/assessment/schemes': { body: { items: [bad] } } });
    renderAsUser(<SchemesPage />, admin);
    await screen.findAllByText(DEFAULT_ASSESSMENT_NAME);
    await waitFor(() => expect(screen.getByDisplayValue(DEFAULT_ASSESSMENT_NAME)).toBeInTheDocument());
    fireEvent.click(screen.getByTestId('scheme-save'));
    const issues = await screen.findByTestId('scheme-issues');
    expect(issues).toHaveTextContent('config.tiers');
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
