import type { TPollCampaignView, TPollDetailResponse, TPollSampleView } from '@hotline/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PollsPage } from '../src/features/polls/PollsPage';
import { mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const centre = { unitName: '12345 热线中心', unitKind: 'hotline' as const };
const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', ...centre });
const supervisor = makeUser({ id: 'u-sup', role: 'supervisor', displayName: '刘督办', ...centre });

const poll: TPollCampaignView = {
  id: 'p1',
  name: '2026年2月满意度调查',
  questions: [
    { id: 'result', text: '您对办理结果是否满意？', kind: 'satisfaction' },
    { id: 'contacted', text: '承办单位是否与您联系过？', kind: 'yes_no' },
    { id: 'comment', text: '您还有什么意见或建议？', kind: 'text' },
  ],
  periodFrom: '2026-01-31T16:00:00.000Z',
  periodTo: '2026-02-28T15:59:59.000Z',
  sampleSize: 2,
  status: 'open',
  createdAt: '2026-03-01T01:00:00.000Z',
  progress: {
    sampled: 2,
    pending: 1,
    answered: 1,
    unreachable: 0,
    refused: 0,
    rated: 1,
    satisfied: 1,
    basicallySatisfied: 0,
    unsatisfied: 0,
    satisfactionRate: 1,
  },
};

const sample = (overrides: Partial<TPollSampleView>): TPollSampleView => ({
  id: 's1',
  ticketId: 't1',
  ticketNo: '20260210000001',
  ticketTitle: '道路井盖缺失',
  line: '12345',
  closedAt: '2026-02-12T03:00:00.000Z',
  phoneMasked: '139****5678',
  status: 'pending',
  answers: null,
  satisfaction: null,
  answeredByName: null,
  answeredAt: null,
  ...overrides,
});

const detail: TPollDetailResponse = {
  poll,
  samples: [
    sample({}),
    sample({
      id: 's2',
      ticketId: 't2',
      ticketNo: '20260211000002',
      status: 'answered',
      satisfaction: 'satisfied',
      answeredByName: '张话务',
    }),
  ],
};

describe('PollsPage', () => {
  it('lists polls with their progress and satisfaction rate; only supervisors open new ones', async () => {
    window.history.replaceState(null, '', '/polls');
    mockFetch({ 'GET /api/v1/polls': { body: { items: [poll] } } });
    const { unmount } = renderAsUser(<PollsPage />, supervisor);
    expect(await screen.findByText('2026年2月满意度调查')).toBeInTheDocument();
    expect(screen.getByText('100.0%')).toBeInTheDocument();
    expect(screen.getByText('已访 1 / 样本 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /新建调查/ })).toBeInTheDocument();
    unmount();

    renderAsUser(<PollsPage />, agent);
    expect(await screen.findByText('2026年2月满意度调查')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /新建调查/ })).not.toBeInTheDocument();
  });

  it('shows the sample with masked phones and records an agent’s answers', async () => {
    window.history.replaceState(null, '', '/polls/p1');
    const { calls } = mockFetch({
      'GET /api/v1/polls/p1': { body: detail },
      'POST /api/v1/polls/p1/samples/s1/answer': {
        body: {
          sample: sample({ status: 'answered', satisfaction: 'basically_satisfied' }),
          replayed: false,
        },
      },
    });
    renderAsUser(<PollsPage />, agent);
    const row = (await screen.findByText('20260210000001')).closest('tr')!;
    expect(within(row).getByText('139****5678')).toBeInTheDocument();
    expect(within(row).getByText('待访')).toBeInTheDocument();
    // The answered sample has no call button.
    const done = screen.getByText('20260211000002').closest('tr')!;
    expect(within(done).queryByRole('button', { name: /回访/ })).not.toBeInTheDocument();

    fireEvent.click(within(row).getByRole('button', { name: /回访/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByText('基本满意'));
    fireEvent.click(within(dialog).getByText('是'));
    fireEvent.click(within(dialog).getByRole('button', { name: /提交回访结果/ }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      status: 'answered',
      answers: { result: 'basically_satisfied', contacted: true },
    });
  });

  it('records an unreachable citizen without asking the questions', async () => {
    window.history.replaceState(null, '', '/polls/p1');
    const { calls } = mockFetch({
      'GET /api/v1/polls/p1': { body: detail },
      'POST /api/v1/polls/p1/samples/s1/answer': {
        body: { sample: sample({ status: 'unreachable' }), replayed: false },
      },
    });
    renderAsUser(<PollsPage />, agent);
    const row = (await screen.findByText('20260210000001')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: /回访/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /无法接通/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ status: 'unreachable' });
  });

  it('is closed to member units', () => {
    window.history.replaceState(null, '', '/polls');
    mockFetch({});
    renderAsUser(<PollsPage />, makeUser());
    expect(screen.getByText('民意调查仅限热线中心人员使用')).toBeInTheDocument();
  });
});
