import type { TAssignmentView, TTimelineEntry } from '@hotline/shared';
import { screen, within } from '@testing-library/react';
import { AssignmentsTable, chainOrder } from '../src/features/tickets/detail/AssignmentsTable';
import { TicketTimeline } from '../src/features/tickets/detail/TicketTimeline';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

let nextId = 1;
const entry = (over: Partial<TTimelineEntry>): TTimelineEntry => ({
  id: nextId++,
  type: 'ticket.created',
  actorName: '赵派单',
  actorRole: 'dispatcher',
  unitName: '12345 热线中心',
  fromStatus: null,
  toStatus: null,
  payload: {},
  createdAt: '2026-03-02T01:00:00.000Z',
  ...over,
});

const user = makeUser({ role: 'supervisor', unitKind: 'hotline' });
// Row labels get their colon from CSS, so the text reads "label" + "value".
const render = (entries: TTimelineEntry[]) => renderAsUser(<TicketTimeline entries={entries} />, user);

describe('timeline of issue #4 events', () => {
  it('shows the chain of a two-level dispatch', () => {
    render([
      entry({
        type: 'ticket.subdispatched',
        payload: {
          role: 'lead',
          fromUnitName: '天宁区12345分中心',
          toUnitName: '茶山街道',
          chain: [
            { id: 'a', name: '天宁区12345分中心' },
            { id: 'b', name: '茶山街道' },
          ],
        },
      }),
    ]);
    const e = screen.getByTestId('timeline-ticket.subdispatched');
    expect(e).toHaveTextContent('二级派单');
    expect(e).toHaveTextContent('转派路径天宁区12345分中心 → 茶山街道');
    expect(e).not.toHaveTextContent('承办单位');
  });

  it('tells automatic chases from manual ones', () => {
    render([
      entry({
        type: 'ticket.chased',
        actorName: null,
        actorRole: 'system',
        payload: { auto: true, trigger: 'warning', kind: 'reply', message: null },
      }),
      entry({
        type: 'ticket.chased',
        actorName: null,
        actorRole: 'system',
        payload: { auto: true, trigger: 'breach', kind: 'sign' },
      }),
      entry({ type: 'ticket.chased', payload: { auto: false, message: '请今天内联系市民' } }),
    ]);
    const [warning, breach, manual] = screen.getAllByTestId('timeline-ticket.chased');
    expect(warning).toHaveTextContent('系统自动催办（即将超期）');
    expect(warning).toHaveTextContent('时限类型办结');
    expect(breach).toHaveTextContent('系统自动催办（已超期）');
    expect(manual).toHaveTextContent('人工催办');
    expect(manual).toHaveTextContent('催办内容请今天内联系市民');
  });

  it('shows return decisions, redo counts and the citizen notice of an extension', () => {
    render([
      entry({ type: 'ticket.returned', payload: { reason: '不属于我单位职责' } }),
      entry({
        type: 'ticket.returned',
        payload: { reason: '不在本街道辖区', backTo: { id: 'u-tn', name: '天宁区12345分中心' } },
      }),
      entry({
        type: 'ticket.return_rejected',
        payload: { reason: '依据派单目录属城管职责', returnReason: '不属于我单位职责' },
      }),
      entry({ type: 'ticket.redispatched', payload: { unitName: '国网常州供电公司', returnAccepted: true } }),
      entry({ type: 'ticket.reply_rejected', payload: { reason: '未答复市民诉求', redo: 2 } }),
      entry({
        type: 'ticket.extension_approved',
        payload: { days: 3, dueAt: '2026-03-10T09:30:00.000Z', citizenNotified: 'sms' },
      }),
      entry({ type: 'ticket.extension_approved', payload: { days: 1, citizenNotified: null } }),
    ]);
    const [toCity, toBranch] = screen.getAllByTestId('timeline-ticket.returned');
    expect(toCity).not.toHaveTextContent('退回至');
    expect(toBranch).toHaveTextContent('退回至天宁区12345分中心');
    expect(toBranch).toHaveTextContent('原因不在本街道辖区');
    const rejected = screen.getByTestId('timeline-ticket.return_rejected');
    expect(rejected).toHaveTextContent('驳回理由依据派单目录属城管职责');
    expect(rejected).toHaveTextContent('原退单原因不属于我单位职责');
    // the generic 原因 row is not repeated
    expect(rejected).not.toHaveTextContent('原因依据派单目录属城管职责');
    expect(screen.getByTestId('timeline-ticket.redispatched')).toHaveTextContent(
      '退单审核同意退单，重新派单',
    );
    expect(screen.getByTestId('timeline-ticket.reply_rejected')).toHaveTextContent('重办第 2 次重办');
    const [notified, silent] = screen.getAllByTestId('timeline-ticket.extension_approved');
    expect(notified).toHaveTextContent('延期天数3');
    expect(notified).toHaveTextContent('告知市民已短信告知');
    expect(silent).toHaveTextContent('告知市民未告知（市民未留联系方式）');
  });

  it('links possible duplicates and the parent of a merged ticket', () => {
    render([
      entry({
        type: 'ticket.duplicates_suggested',
        actorName: null,
        actorRole: 'system',
        payload: {
          candidates: [
            { ticketId: 'd1', no: '20260301000007', score: 0.87, reasons: ['same_caller', 'similar_text'] },
            { ticketId: 'd2', no: '20260228000003', score: 0.55, reasons: ['same_place'] },
          ],
        },
      }),
      entry({
        type: 'ticket.parent_progressed',
        payload: {
          parentId: 'p1',
          parentNo: '20260301000001',
          parentStatus: 'resolved',
          reply: '已清理占道摊点',
        },
      }),
    ]);
    const dup = screen.getByTestId('timeline-ticket.duplicates_suggested');
    expect(within(dup).getByRole('link', { name: '20260301000007' })).toHaveAttribute('href', '/tickets/d1');
    expect(within(dup).getByRole('link', { name: '20260228000003' })).toHaveAttribute('href', '/tickets/d2');
    expect(dup).toHaveTextContent('87%');
    expect(dup).toHaveTextContent('同一来电人');
    expect(dup).toHaveTextContent('同一地点');

    const parent = screen.getByTestId('timeline-ticket.parent_progressed');
    expect(within(parent).getByRole('link', { name: '20260301000001' })).toHaveAttribute(
      'href',
      '/tickets/p1',
    );
    expect(parent).toHaveTextContent('主工单状态已办结');
    expect(parent).toHaveTextContent('主工单答复已清理占道摊点');
  });

  it('shows routing suggestions with their confidence and source', () => {
    render([
      entry({
        type: 'ticket.routing_suggested',
        actorName: '智能派单',
        actorRole: 'system',
        payload: {
          suggestions: [
            { unitId: 'u1', unitName: '市城管局', confidence: 0.92, reason: 'catalogue' },
            { unitId: 'u2', unitName: '天宁区12345分中心', confidence: 0.31, reason: 'model' },
          ],
          categories: [{ categoryId: 'c1', code: '0301', name: '占道经营', confidence: 0.8 }],
          modelTrainedAt: '2026-03-01T02:00:00.000Z',
        },
      }),
    ]);
    const e = screen.getByTestId('timeline-ticket.routing_suggested');
    expect(e).toHaveTextContent('市城管局 92%派单目录');
    expect(e).toHaveTextContent('天宁区12345分中心 31%智能推荐');
    expect(e).toHaveTextContent('推荐分类0301 占道经营 80%');
  });
});

const assignment = (over: Partial<TAssignmentView>): TAssignmentView => ({
  id: 'a1',
  unitId: 'u-tn',
  unitName: '天宁区12345分中心',
  role: 'lead',
  status: 'forwarded',
  dispatchedAt: '2026-03-02T01:00:00.000Z',
  signedAt: '2026-03-02T01:10:00.000Z',
  repliedAt: null,
  replyContent: null,
  returnReason: null,
  parentAssignmentId: null,
  forwardedAt: '2026-03-02T01:10:00.000Z',
  redoCount: 0,
  returnDecision: null,
  ...over,
});

describe('assignments table', () => {
  const assignments = [
    assignment({}),
    assignment({
      id: 'a0',
      unitId: 'u-cgj',
      unitName: '市城管局',
      status: 'returned',
      returnReason: '属地管理',
      returnDecision: 'accepted',
      dispatchedAt: '2026-03-01T01:00:00.000Z',
    }),
    assignment({
      id: 'a2',
      unitId: 'u-cs',
      unitName: '茶山街道',
      status: 'signed',
      parentAssignmentId: 'a1',
      forwardedAt: null,
      redoCount: 1,
    }),
    assignment({
      id: 'a3',
      unitId: 'u-zjj',
      unitName: '市住建局',
      role: 'assist',
      status: 'pending',
      returnDecision: 'rejected',
      forwardedAt: null,
    }),
  ];

  it('puts passed-down assignments under the branch they came from', () => {
    expect(chainOrder(assignments).map((a) => [a.id, a.depth, a.forwardedBy])).toEqual([
      ['a1', 0, null],
      ['a2', 1, '天宁区12345分中心'],
      ['a0', 0, null],
      ['a3', 0, null],
    ]);
  });

  it('shows the chain, 已转派, redo counts and return decisions', () => {
    renderAsUser(<AssignmentsTable assignments={assignments} />, user);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual([
      '天宁区12345分中心',
      '↳ 茶山街道由 天宁区12345分中心 转派',
      '市城管局',
      '市住建局',
    ]);
    expect(rows[0]).toHaveTextContent('已转派');
    expect(rows[1]).toHaveTextContent('重办 1 次');
    expect(rows[2]).toHaveTextContent('退单已同意');
    expect(rows[2]).toHaveTextContent('属地管理');
    expect(rows[3]).toHaveTextContent('退单被驳回');
  });
});
