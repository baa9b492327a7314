import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CallbacksPage } from '../src/features/workbench/CallbacksPage';
import { surveyBody } from '../src/features/workbench/callbackSurvey';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeDetailResponse, makeSummary, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const agent = makeUser({
  id: 'u-agent',
  username: 'agent1',
  displayName: '张话务',
  role: 'agent',
  unitId: 'unit-city',
  unitName: '常州市12345政府公共服务热线中心',
  unitKind: 'hotline',
});
const older = makeSummary({
  id: 't1',
  no: 'NO-1',
  title: '人民路井盖缺失',
  status: 'resolved',
  dueKind: 'callback',
  resolvedAt: '2026-03-02T02:00:00.000Z',
  version: 6,
});
const newer = makeSummary({
  id: 't2',
  no: 'NO-2',
  title: '路灯不亮',
  status: 'resolved',
  dueKind: 'callback',
  version: 4,
});

function routes(extra: Parameters<typeof mockFetch>[0] = {}): Parameters<typeof mockFetch>[0] {
  const done = makeDetailResponse().assignments[0]!;
  let called = false;
  return {
    'GET /api/v1/tickets': () => ({ body: { items: called ? [newer] : [older, newer], nextCursor: null } }),
    'GET /api/v1/tickets/t1': {
      body: makeDetailResponse({
        ticket: makeDetail({ ...older, version: 7 }),
        assignments: [{ ...done, status: 'done', replyContent: '已安排人员补装井盖，现场已设置警示' }],
        availableActions: ['callback', 'reopen'],
      }),
    },
    'POST /api/v1/tickets/t1/callback': () => {
      called = true;
      return { body: { ticket: makeDetail({ ...older, version: 8 }) } };
    },
    ...extra,
  };
}

async function openSurvey() {
  fireEvent.click(await screen.findByTestId('callback-NO-1'));
  expect(await screen.findByTestId('callback-reply')).toHaveTextContent('已安排人员补装井盖');
}

describe('回访 (call-backs)', () => {
  beforeEach(() => window.history.replaceState(null, '', '/callbacks'));

  it('lists resolved tickets waiting for the call-back in the queue order, with a way to the missed calls', async () => {
    const { calls } = mockFetch(routes());
    renderAsUser(<CallbacksPage />, agent);
    await screen.findByTestId('callbacks-row-NO-1');
    const order = Array.from(document.querySelectorAll('[data-testid^="callbacks-row-"]')).map((r) =>
      r.getAttribute('data-testid'),
    );
    expect(order).toEqual(['callbacks-row-NO-1', 'callbacks-row-NO-2']);
    expect(new URL(calls[0]!.url, 'http://x').searchParams.get('queue')).toBe('callback_due');
    expect(screen.getByTestId('callbacks-row-NO-1')).toHaveTextContent('138****5678');
    expect(screen.getByTestId('badge-callbacks')).toHaveTextContent('2');
    fireEvent.click(screen.getByTestId('missed-calls-link'));
    expect(window.location.pathname).toBe('/calls/missed');
  });

  it('requires the reason when the citizen is unsatisfied, then records it', async () => {
    const { calls } = mockFetch(routes());
    renderAsUser(<CallbacksPage />, agent);
    await openSurvey();
    const dialog = document.querySelector<HTMLElement>('.ant-modal')!;

    fireEvent.click(within(dialog).getByText('不满意'));
    expect(await within(dialog).findByText('不满意的工单将退回承办单位重办')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByTestId('callback-submit'));
    expect(await within(dialog).findByText('选择“不满意”时必须填写原因')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(within(dialog).getByLabelText('不满意原因'), {
      target: { value: '井盖补装后仍有松动' },
    });
    fireEvent.click(within(dialog).getByTestId('callback-submit'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/tickets/t1/callback');
    // the version is the ticket's as read when the form opened
    expect(post.body).toEqual({
      expectedVersion: 7,
      satisfaction: 'unsatisfied',
      resolved: false,
      comment: '井盖补装后仍有松动',
    });
    await waitFor(() => expect(screen.queryByTestId('callbacks-row-NO-1')).toBeNull());
  });

  it('records a satisfied call-back without a comment', async () => {
    const { calls } = mockFetch(routes());
    renderAsUser(<CallbacksPage />, agent);
    await openSurvey();
    const dialog = document.querySelector<HTMLElement>('.ant-modal')!;
    fireEvent.click(within(dialog).getByText('满意'));
    fireEvent.click(within(dialog).getByTestId('callback-submit'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      expectedVersion: 7,
      satisfaction: 'satisfied',
      resolved: true,
    });
    expect(await screen.findByText('回访结果已记录')).toBeInTheDocument();
  });

  it('supervisors see the list but do not record call-backs; units may not open it', async () => {
    mockFetch(routes());
    const { unmount } = renderAsUser(<CallbacksPage />, { ...agent, role: 'supervisor' });
    await screen.findByTestId('callbacks-row-NO-1');
    expect(screen.queryByTestId('callback-NO-1')).toBeNull();
    unmount();
    renderAsUser(<CallbacksPage />, makeUser());
    expect(screen.getByText('您没有使用此工作台的权限')).toBeInTheDocument();
  });
});

describe('call-back survey body (pure)', () => {
  it('asks for the satisfaction, and for a reason of two characters or more when unsatisfied', () => {
    expect(surveyBody({}, 1)).toEqual({ problem: 'satisfaction' });
    expect(surveyBody({ satisfaction: 'unsatisfied', comment: '  ' }, 1)).toEqual({ problem: 'reason' });
    expect(surveyBody({ satisfaction: 'unsatisfied', comment: '差' }, 1)).toEqual({ problem: 'reason' });
    expect(surveyBody({ satisfaction: 'unsatisfied', comment: ' 没有修好 ' }, 3)).toEqual({
      body: { expectedVersion: 3, satisfaction: 'unsatisfied', resolved: false, comment: '没有修好' },
    });
    expect(surveyBody({ satisfaction: 'basically_satisfied', resolved: false }, 2)).toEqual({
      body: { expectedVersion: 2, satisfaction: 'basically_satisfied', resolved: false },
    });
  });
});
