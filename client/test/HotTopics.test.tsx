import type { THotTopicAlertDto } from '@hotline/shared';
import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HotTopicNotifier } from '../src/features/hot-topics/HotTopicNotifier';
import { HotTopicsPage } from '../src/features/hot-topics/HotTopicsPage';
import { formatProbability } from '../src/features/hot-topics/hotTopicsApi';
import { mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(60_000);

const supervisor = makeUser({
  id: 'u-sup',
  username: 'supervisor1',
  role: 'supervisor',
  unitKind: 'hotline',
});
const ALERT_ID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const alert: THotTopicAlertDto = {
  id: ALERT_ID,
  topicKey: 'phrase:路灯|district:d1|street:湖塘镇',
  label: '路灯 · 武进区 湖塘镇',
  window: 'hour',
  windowStart: '2026-11-26T02:00:00.000Z',
  dimensions: {},
  count: 40,
  baseline: 0.2,
  statistic: 'poisson_tail',
  score: 3.2e-62,
  threshold: 1e-6,
  status: 'open',
  raisedAt: '2026-11-26T02:31:00.000Z',
  updatedAt: '2026-11-26T02:31:00.000Z',
};

beforeEach(() => window.history.pushState(null, '', '/hot-topics'));

test('formats tail probabilities as powers of ten', () => {
  expect(formatProbability(3.2e-62)).toBe('3.2×10⁻⁶²');
  expect(formatProbability(1e-6)).toBe('1.0×10⁻⁶');
});

test('lists alerts with their statistic, opens their tickets and acknowledges one', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/hot-topics': { body: { items: [alert], nextCursor: null } },
    [`GET /api/v1/hot-topics/${ALERT_ID}`]: {
      body: {
        alert,
        tickets: [
          {
            id: 't1',
            no: '20261126000001',
            title: '路灯不亮',
            district: '武进区',
            createdAt: '2026-11-26T02:00:00.000Z',
            status: 'registered',
          },
        ],
        hiddenCount: 2,
      },
    },
    [`POST /api/v1/hot-topics/${ALERT_ID}/ack`]: { body: { alert: { ...alert, status: 'acknowledged' } } },
  });
  renderAsUser(<HotTopicsPage />, supervisor);
  expect(await screen.findByText('路灯 · 武进区 湖塘镇')).toBeInTheDocument();
  expect(screen.getByText('3.2×10⁻⁶² < 1.0×10⁻⁶')).toBeInTheDocument();
  expect(calls[0]!.url).toContain('status=open');

  fireEvent.click(screen.getByRole('button', { name: /展开行|Expand row/ }));
  const tickets = await screen.findByTestId(`hot-topic-tickets-${ALERT_ID}`);
  expect(await within(tickets).findByText('20261126000001')).toBeInTheDocument();
  expect(screen.getByText('另有 2 件保密工单未列出')).toBeInTheDocument();
  fireEvent.click(within(tickets).getByText('路灯不亮'));
  expect(window.location.pathname).toBe('/tickets/t1');

  const row = screen.getByText('路灯 · 武进区 湖塘镇').closest('tr')!;
  fireEvent.click(within(row).getByRole('button', { name: /确\s*认/ }));
  await waitFor(() => expect(within(row).getByText('已确认')).toBeInTheDocument());
  expect(within(row).queryByRole('button', { name: /确\s*认/ })).toBeNull();
  expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/ack'))).toBe(true);
});

test('a supervisor is notified of a raised hot topic anywhere in the console', async () => {
  const { socket } = renderAsUser(<HotTopicNotifier />, supervisor);
  act(() => socket.serverPush('hot_topic.raised', alert));
  expect(await screen.findByText('热点预警：路灯 · 武进区 湖塘镇')).toBeInTheDocument();
  expect(screen.getByText('1 小时内 40 件（基线 0.2）')).toBeInTheDocument();
  window.history.pushState(null, '', '/tickets');
  fireEvent.click(screen.getByRole('button', { name: /查\s*看/ }));
  expect(window.location.pathname).toBe('/hot-topics');
});
