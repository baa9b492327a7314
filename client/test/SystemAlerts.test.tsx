import type { TSystemAlertDto } from '@hotline/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AppShell } from '../src/features/shell/AppShell';
import { mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const centre = { unitName: '12345 热线中心', unitKind: 'hotline' as const };
const supervisor = makeUser({ id: 'u-sup', role: 'supervisor', displayName: '刘督办', ...centre });
const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', ...centre });

const alert = (over: Partial<TSystemAlertDto>): TSystemAlertDto => ({
  id: 'a1',
  kind: 'calendar_coverage',
  key: '2027',
  level: 'warning',
  message: '2027 年节假日安排尚未录入，办理时限将按普通周末计算',
  details: { year: 2027 },
  raisedAt: '2026-11-20T01:00:00.000Z',
  resolvedAt: null,
  ...over,
});

const shell = (
  <AppShell route={{ name: 'list' }}>
    <div>page</div>
  </AppShell>
);

describe('system alerts banner', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/tickets');
  });

  it('shows open alerts at the top of the shell, critical as errors first', async () => {
    mockFetch({
      'GET /api/v1/alerts': {
        body: {
          items: [
            alert({}),
            alert({ id: 'a2', kind: 'routing_model', level: 'critical', message: '智能派单模型训练失败' }),
          ],
        },
      },
    });
    renderAsUser(shell, supervisor);
    const region = await screen.findByRole('region', { name: '系统提醒' });
    const alerts = within(region).getAllByRole('alert');
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toHaveTextContent('智能派单模型训练失败');
    expect(alerts[0]).toHaveClass('ant-alert-error');
    expect(alerts[1]).toHaveTextContent('2027 年节假日安排尚未录入');
    expect(alerts[1]).toHaveClass('ant-alert-warning');
  });

  it('stays dismissed for the rest of the session', async () => {
    mockFetch({ 'GET /api/v1/alerts': { body: { items: [alert({})] } } });
    const first = renderAsUser(shell, supervisor);
    const banner = await screen.findByTestId('system-alert-calendar_coverage');
    fireEvent.click(within(banner).getByRole('button', { name: '关闭提醒（本次登录不再显示）' }));
    await waitFor(() =>
      expect(screen.queryByTestId('system-alert-calendar_coverage')).not.toBeInTheDocument(),
    );
    first.unmount();

    const { calls } = mockFetch({ 'GET /api/v1/alerts': { body: { items: [alert({})] } } });
    renderAsUser(shell, supervisor);
    await waitFor(() => expect(calls.some((c) => c.url.startsWith('/api/v1/alerts'))).toBe(true));
    expect(await screen.findByText('page')).toBeInTheDocument();
    expect(screen.queryByTestId('system-alert-calendar_coverage')).not.toBeInTheDocument();
  });

  it('is not asked for by agents, and the catalogue is not in their menu', async () => {
    const { calls } = mockFetch({});
    renderAsUser(shell, agent);
    expect(await screen.findByText('page')).toBeInTheDocument();
    expect(calls.some((c) => c.url.startsWith('/api/v1/alerts'))).toBe(false);
    expect(screen.queryByText('派单目录')).not.toBeInTheDocument();
  });

  it('puts the dispatch catalogue in the menu of those who may read it', async () => {
    mockFetch({ 'GET /api/v1/alerts': { body: { items: [] } } });
    renderAsUser(shell, supervisor);
    fireEvent.click(await screen.findByText('派单目录'));
    expect(window.location.pathname).toBe('/admin/dispatch');
  });
});
