import type { TConversationDetailResponse, TConversationSummary } from '@hotline/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TriagePage } from '../src/features/triage/TriagePage';
import { mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const agent = makeUser({
  id: 'u-agent',
  role: 'agent',
  displayName: '张话务',
  unitName: '12345 热线中心',
  unitKind: 'hotline',
});

function conversation(overrides: Partial<TConversationSummary> = {}): TConversationSummary {
  return {
    id: 'c1',
    channel: 'wechat',
    externalUserId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    status: 'open',
    lastMessageAt: '2026-03-02T01:05:00.000Z',
    createdAt: '2026-03-02T01:00:00.000Z',
    messageCount: 2,
    unansweredCount: 2,
    preview: { direction: 'in', kind: 'text', content: '已经三天了', at: '2026-03-02T01:05:00.000Z' },
    ticketId: null,
    ticketNo: null,
    redacted: false,
    ...overrides,
  };
}

const weiboOne = conversation({
  id: 'c2',
  channel: 'weibo',
  externalUserId: '1902538057',
  unansweredCount: 1,
  preview: { direction: 'in', kind: 'text', content: '公交站牌倒了', at: '2026-03-02T00:55:00.000Z' },
});

const detail: TConversationDetailResponse = {
  conversation: conversation(),
  messages: [
    {
      id: 'm1',
      direction: 'in',
      kind: 'text',
      content: '小区垃圾没人清运',
      data: {},
      authorName: null,
      createdAt: '2026-03-02T01:00:00.000Z',
    },
    {
      id: 'm2',
      direction: 'in',
      kind: 'image',
      content: null,
      data: {},
      authorName: null,
      createdAt: '2026-03-02T01:01:00.000Z',
    },
    {
      id: 'm3',
      direction: 'in',
      kind: 'text',
      content: '已经三天了',
      data: {},
      authorName: null,
      createdAt: '2026-03-02T01:05:00.000Z',
    },
  ],
  history: {
    conversations: [],
    tickets: [
      {
        id: 't-old',
        no: '20260201000007',
        title: '路灯不亮',
        status: 'closed',
        channel: 'wechat',
        confidential: false,
        createdAt: '2026-02-01T02:00:00.000Z',
      },
    ],
  },
};

describe('TriagePage', () => {
  beforeEach(() => window.history.replaceState(null, '', '/triage'));

  it('lists conversations with their channel and opens the thread with the citizen’s history', async () => {
    mockFetch({
      'GET /api/v1/conversations': { body: { items: [conversation(), weiboOne], nextCursor: null } },
      'GET /api/v1/conversations/c1': { body: detail },
    });
    renderAsUser(<TriagePage />, agent);

    const row = await screen.findByTestId('conversation-row-c1');
    expect(within(row).getByText('微信')).toBeInTheDocument();
    expect(within(row).getByText('已经三天了')).toBeInTheDocument();
    expect(within(screen.getByTestId('conversation-row-c2')).getByText('微博')).toBeInTheDocument();

    fireEvent.click(row);
    const thread = await screen.findByTestId('conversation-thread');
    expect(thread).toHaveTextContent('小区垃圾没人清运');
    expect(thread).toHaveTextContent('[图片]');
    expect(screen.getByTestId('citizen-history')).toHaveTextContent('20260201000007');
  });

  it('sends a reply with Ctrl+Enter', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/conversations': { body: { items: [conversation()], nextCursor: null } },
      'GET /api/v1/conversations/c1': { body: detail },
      'POST /api/v1/conversations/c1/reply': { status: 201, body: { message: detail.messages[0] } },
    });
    renderAsUser(<TriagePage />, agent);
    fireEvent.click(await screen.findByTestId('conversation-row-c1'));

    const box = await screen.findByLabelText('输入回复内容，Ctrl + Enter 发送');
    fireEvent.change(box, { target: { value: '已转告环卫部门' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/conversations/c1/reply');
    expect(post.body).toEqual({ content: '已转告环卫部门' });
    await waitFor(() => expect(box).toHaveValue(''));
  });

  it('turns the conversation into a ticket from a form prefilled with what the citizen wrote', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/categories': { body: { items: [] } },
      'GET /api/v1/conversations': { body: { items: [conversation()], nextCursor: null } },
      'GET /api/v1/conversations/c1': { body: detail },
      'POST /api/v1/conversations/c1/ticket': {
        status: 201,
        body: {
          conversation: conversation({ status: 'ticketed', ticketId: 't9', ticketNo: '20260302000009' }),
          ticket: { id: 't9', no: '20260302000009', status: 'registered' },
        },
      },
    });
    renderAsUser(<TriagePage />, agent);
    fireEvent.click(await screen.findByTestId('conversation-row-c1'));
    fireEvent.click(await screen.findByTestId('convert-open'));

    const dialog = (await screen.findByText('渠道：微信（随会话）')).closest('.ant-modal') as HTMLElement;
    expect(within(dialog).getByLabelText('描述')).toHaveValue('小区垃圾没人清运\n已经三天了');
    fireEvent.mouseDown(within(dialog).getByLabelText('类型'));
    fireEvent.click(await screen.findByTitle('投诉'));
    fireEvent.click(screen.getByTestId('convert-submit'));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/conversations/c1/ticket');
    expect(post.body).toMatchObject({
      type: 'complaint',
      line: '12345',
      title: '小区垃圾没人清运',
      description: '小区垃圾没人清运\n已经三天了',
    });
    expect(post.body).not.toHaveProperty('channel');
    expect(await screen.findByText('已转为工单 20260302000009，并已告知群众')).toBeInTheDocument();
  });

  it('refetches the inbox when the server reports a conversation changed', async () => {
    let listed = [conversation()];
    const { calls } = mockFetch({
      'GET /api/v1/conversations': () => ({ body: { items: listed, nextCursor: null } }),
    });
    const { socket } = renderAsUser(<TriagePage />, agent);
    await screen.findByTestId('conversation-row-c1');
    expect(screen.queryByTestId('conversation-row-c2')).toBeNull();

    listed = [weiboOne, conversation()];
    act(() => socket.serverPush('conversation.updated', { conversationId: 'c2', channel: 'weibo', at: '' }));
    expect(await screen.findByTestId('conversation-row-c2')).toHaveTextContent('公交站牌倒了');
    expect(calls.filter((c) => c.url.startsWith('/api/v1/conversations')).length).toBe(2);
  });

  it('is refused to unit staff', () => {
    mockFetch({ 'GET /api/v1/conversations': { status: 403, body: null } });
    renderAsUser(<TriagePage />, makeUser());
    expect(screen.getByText('仅热线中心的话务员、派单员和督办处理网络诉求')).toBeInTheDocument();
  });
});
