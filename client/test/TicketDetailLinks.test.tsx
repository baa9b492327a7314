import type { TTicketLinksResponse } from '@hotline/shared';
import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TicketDetailPage } from '../src/features/tickets/detail/TicketDetailPage';
import { apiError, mockFetch } from './support/fetchMock';
import { makeDetail, makeDetailResponse, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

// antd screens render slowly on a busy machine: give the async queries room.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(60_000);

const reference = {
  'GET /api/v1/units': { body: { items: [] } },
  'GET /api/v1/categories': { body: { items: [] } },
};

function makeLinks(overrides: Partial<TTicketLinksResponse> = {}): TTicketLinksResponse {
  return {
    calls: [
      {
        id: 'c1',
        callId: 'call-1',
        direction: 'inbound',
        callerMasked: '138****5678',
        agentName: '张话务',
        agentExt: '8001',
        ringingAt: '2025-06-01T07:58:00.000Z',
        answeredAt: '2025-06-01T07:58:05.000Z',
        endedAt: '2025-06-01T08:01:00.000Z',
        durationS: 180,
        billsecS: 175,
        threeWay: true,
        recordingUrl: 'https://recordings.example.cn/call-1.wav',
      },
    ],
    attachments: [
      {
        id: 'f1',
        filename: '井盖.png',
        mimeType: 'image/png',
        sizeBytes: 2048,
        createdAt: '2025-06-01T08:00:00.000Z',
        downloadUrl: '/api/v1/tickets/t1/attachments/f1',
      },
    ],
    hiddenAttachments: 0,
    parent: null,
    children: [
      {
        id: 'k1',
        no: '20250601000007',
        title: '青山路夜间施工',
        status: 'merged',
        createdAt: '2025-06-01T09:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

const hotline = makeUser({ id: 'u-agent', role: 'agent', unitKind: 'hotline', displayName: '张话务' });

describe('ticket detail: calls, attachments and merges', () => {
  it('lists the call with its recording, the files with download links and the merged children', async () => {
    mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': { body: makeDetailResponse({ ticket: makeDetail({ childIds: ['k1'] }) }) },
      'GET /api/v1/tickets/t1/links': { body: makeLinks() },
    });
    renderAsUser(<TicketDetailPage id="t1" />, hotline);

    const calls = await screen.findByTestId('ticket-calls');
    const row = within(calls).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('呼入');
    expect(row).toHaveTextContent('138****5678');
    expect(row).toHaveTextContent('张话务');
    expect(row).toHaveTextContent('三方通话');
    expect(screen.getByTestId('call-duration-call-1')).toHaveTextContent('2 分 55 秒');
    expect(screen.getByTestId('recording-call-1')).toHaveAttribute(
      'href',
      'https://recordings.example.cn/call-1.wav',
    );
    expect(screen.getByTestId('recording-call-1')).toHaveAttribute('rel', 'noopener noreferrer');

    const download = screen.getByRole('link', { name: '下载附件 井盖.png' });
    expect(download).toHaveAttribute('href', '/api/v1/tickets/t1/attachments/f1');
    expect(download).toHaveAttribute('download', '井盖.png');
    expect(screen.getByAltText('井盖.png')).toHaveAttribute('src', '/api/v1/tickets/t1/attachments/f1');
    expect(screen.getByText('2.0 KB')).toBeInTheDocument();

    const children = screen.getByTestId('merge-children');
    expect(within(children).getByText('青山路夜间施工')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('linked-k1'));
    expect(window.location.pathname).toBe('/tickets/k1');
  });

  it('links a merged ticket to its parent, or says the parent is out of reach', async () => {
    const parent = {
      id: 'p1',
      no: '20250601000001',
      title: '青山路施工噪音',
      status: 'in_progress' as const,
      createdAt: '2025-06-01T07:00:00.000Z',
    };
    mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': {
        body: makeDetailResponse({ ticket: makeDetail({ parentId: 'p1', status: 'merged' }) }),
      },
      'GET /api/v1/tickets/t1/links': {
        body: makeLinks({ calls: [], attachments: [], children: [], parent }),
      },
    });
    const view = renderAsUser(<TicketDetailPage id="t1" />, hotline);
    const box = await screen.findByTestId('merge-parent');
    expect(within(box).getByTestId('linked-p1')).toHaveTextContent('20250601000001');
    expect(box).toHaveTextContent('青山路施工噪音');
    expect(screen.getByText('无关联通话')).toBeInTheDocument();
    expect(screen.getByText('无附件')).toBeInTheDocument();
    view.unmount();

    mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': {
        body: makeDetailResponse({ ticket: makeDetail({ parentId: 'p1', status: 'merged' }) }),
      },
      'GET /api/v1/tickets/t1/links': { body: makeLinks({ children: [], parent: null }) },
    });
    renderAsUser(<TicketDetailPage id="t1" />, makeUser());
    expect(await screen.findByTestId('merge-parent')).toHaveTextContent('主工单不在本单位办理范围内');
  });

  it('says files exist that this reader may not open, and shows no recording it was not given', async () => {
    mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': { body: makeDetailResponse() },
      'GET /api/v1/tickets/t1/links': {
        body: makeLinks({
          calls: [{ ...makeLinks().calls[0]!, callerMasked: null, recordingUrl: null }],
          attachments: [],
          hiddenAttachments: 2,
          children: [],
        }),
      },
    });
    renderAsUser(<TicketDetailPage id="t1" />, makeUser());
    expect(await screen.findByTestId('hidden-attachments')).toHaveTextContent(
      '另有 2 个附件涉及保密内容，无权查看',
    );
    expect(screen.queryByTestId('recording-call-1')).not.toBeInTheDocument();
    expect(screen.queryByText('无附件')).not.toBeInTheDocument();
    expect(screen.getByText('无并单')).toBeInTheDocument();
  });

  it('shows the ticket while its links load, and a retry when they fail', async () => {
    let release: (() => void) | null = null;
    let fail = true;
    mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': { body: makeDetailResponse() },
      'GET /api/v1/tickets/t1/links': () =>
        fail ? apiError(500, 'INTERNAL', '服务暂不可用') : { body: makeLinks() },
    });
    // hold the first links request until the ticket is on screen
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: string, init?: RequestInit) =>
      String(input).endsWith('/links') && release === null
        ? new Promise<Response>((resolve) => {
            release = () => void realFetch(input, init).then(resolve);
          })
        : realFetch(input, init)) as typeof fetch;

    renderAsUser(<TicketDetailPage id="t1" />, makeUser());
    expect(await screen.findByTestId('ticket-no')).toBeInTheDocument();
    expect(screen.getByTestId('links-loading')).toBeInTheDocument();
    await waitFor(() => expect(release).not.toBeNull());
    act(() => release!());
    expect(await screen.findByText('关联信息加载失败')).toBeInTheDocument();
    expect(screen.getByText('服务暂不可用')).toBeInTheDocument();

    fail = false;
    const links = screen.getByTestId('ticket-links');
    fireEvent.click(within(links).getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByTestId('ticket-calls')).toBeInTheDocument();
    expect(screen.queryByText('关联信息加载失败')).not.toBeInTheDocument();
  });

  it('loads the links again when the ticket changes elsewhere', async () => {
    let version = 3;
    const { calls } = mockFetch({
      ...reference,
      'GET /api/v1/tickets/t1': () => ({ body: makeDetailResponse({ ticket: makeDetail({ version }) }) }),
      'GET /api/v1/tickets/t1/links': () => ({
        body: makeLinks({ children: version > 3 ? makeLinks().children : [] }),
      }),
    });
    const { socket } = renderAsUser(<TicketDetailPage id="t1" />, hotline);
    expect(await screen.findByText('无并单')).toBeInTheDocument();

    version = 4;
    act(() =>
      socket.serverPush('ticket.event', {
        type: 'ticket.merged',
        ticketId: 't1',
        ticketNo: '20250601000001',
        status: 'dispatched',
        version: 4,
        eventId: 'e9',
        at: '2025-06-01T09:00:00.000Z',
        actorName: '李话务',
        unitIds: [],
      }),
    );
    expect(await screen.findByTestId('merge-children')).toHaveTextContent('青山路夜间施工');
    expect(calls.filter((c) => c.url === '/api/v1/tickets/t1/links')).toHaveLength(2);
  });
});
