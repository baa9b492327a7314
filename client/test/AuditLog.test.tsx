import type { TAuditEntry } from '@hotline/shared';
import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { AuditPage } from '../src/features/audit/AuditPage';
import { TicketInfo } from '../src/features/tickets/detail/TicketInfo';
import { apiError, mockFetch } from './support/fetchMock';
import { makeDetail, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(60_000);

const admin = makeUser({ id: 'u-admin', username: 'admin', role: 'admin', unitKind: 'hotline' });
const agent = makeUser({ id: 'u-agent', username: 'agent1', role: 'agent', unitKind: 'hotline' });

const entry = (over: Partial<TAuditEntry>): TAuditEntry => ({
  id: 'a1',
  at: '2026-11-26T02:00:00.000Z',
  actorId: 'u-agent',
  actorUsername: 'agent1',
  actorRole: 'agent',
  actorUnitId: 'unit-centre',
  actorUnitName: '常州市12345政府公共服务热线中心',
  action: 'ticket.contact.read',
  subjectType: 'ticket',
  subjectId: 't1',
  ticketNo: '20261126000001',
  ip: '10.0.0.8',
  userAgent: 'Mozilla/5.0',
  details: { fields: ['phone', 'name'] },
  ...over,
});

describe('审计日志 (the audit log page)', () => {
  beforeEach(() => window.history.pushState(null, '', '/admin/audit'));

  test('lists who saw what, filters by username and loads the next page', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/audit': (req) =>
        req.url.includes('cursor=c2')
          ? { body: { items: [entry({ id: 'a3', ticketNo: '20261126000003' })], nextCursor: null } }
          : req.url.includes('actor=jwjw_handler')
            ? {
                body: {
                  items: [
                    entry({
                      id: 'a9',
                      actorUsername: 'jwjw_handler',
                      actorRole: 'unit_handler',
                      action: 'ticket.confidential.read',
                      ticketNo: '20261126000009',
                      details: { view: 'detail' },
                    }),
                  ],
                  nextCursor: null,
                },
              }
            : {
                body: {
                  items: [
                    entry({}),
                    entry({
                      id: 'a2',
                      action: 'call.screen_pop',
                      subjectType: 'call',
                      subjectId: 'call-1',
                      ticketNo: null,
                    }),
                  ],
                  nextCursor: 'c2',
                },
              },
    });
    renderAsUser(<AuditPage />, admin);
    expect(await screen.findByText('20261126000001')).toBeInTheDocument();
    expect(screen.getByText('查看完整联系方式')).toBeInTheDocument();
    expect(screen.getByText('来电弹屏')).toBeInTheDocument();
    expect(screen.getAllByText('10.0.0.8')).toHaveLength(2);

    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('20261126000003')).toBeInTheDocument();
    expect(calls.at(-1)!.url).toContain('cursor=c2');

    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'jwjw_handler' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    expect(await screen.findByText('20261126000009')).toBeInTheDocument();
    expect(screen.getByText('查看保密工单')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('20261126000001')).toBeNull());
    expect(calls.at(-1)!.url).toContain('actor=jwjw_handler');

    fireEvent.click(screen.getByText('20261126000009'));
    expect(window.location.pathname).toBe('/tickets/t1');
  });

  test('shows the error of a refused search', async () => {
    mockFetch({ 'GET /api/v1/audit': apiError(403, 'FORBIDDEN', 'This needs one of: admin') });
    renderAsUser(<AuditPage />, admin);
    expect(await screen.findByRole('alert')).toBeInTheDocument();
  });
});

describe('显示完整号码 (revealing the full number on the ticket)', () => {
  const ticket = makeDetail({
    citizenPhoneMasked: '138****5678',
    citizenIdNumberMasked: '3204**********0023',
  });

  test('an agent reveals the full number, told that the view is recorded', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/tickets/t1/contact': {
        body: {
          ticketId: 't1',
          ticketNo: ticket.no,
          phone: '13812345678',
          name: '王先生',
          idNumber: '320402198503150023',
          auditId: 'abcdef12-0000-4000-8000-000000000000',
        },
      },
    });
    renderAsUser(<TicketInfo ticket={ticket} />, agent);
    expect(screen.getByTestId('citizen-phone')).toHaveTextContent('138****5678');
    expect(screen.getByText('3204**********0023')).toBeInTheDocument();
    expect(screen.getAllByText('查看将被记录在审计日志中').length).toBeGreaterThan(0);
    // nothing is fetched before the click: every fetch is an audited view
    expect(calls).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: /显示完整号码/ }));
    expect(await screen.findByTestId('citizen-phone-full')).toHaveTextContent('13812345678');
    expect(screen.getByText(/320402198503150023/)).toBeInTheDocument();
    expect(screen.getByText('本次查看已记录（审计编号 abcdef12）')).toBeInTheDocument();
    expect(calls).toHaveLength(1);
  });

  test('a refused reveal (rate limit) says why and shows no number', async () => {
    mockFetch({
      'GET /api/v1/tickets/t1/contact': apiError(429, 'RATE_LIMITED', '查看完整号码过于频繁，请稍后再试'),
    });
    renderAsUser(<TicketInfo ticket={ticket} />, agent);
    fireEvent.click(screen.getByRole('button', { name: /显示完整号码/ }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.queryByTestId('citizen-phone-full')).toBeNull();
  });

  test('a unit handler gets no button', () => {
    mockFetch({});
    renderAsUser(<TicketInfo ticket={ticket} />, makeUser());
    expect(screen.getByTestId('citizen-phone')).toHaveTextContent('138****5678');
    expect(screen.queryByRole('button', { name: /显示完整号码/ })).toBeNull();
  });
});
