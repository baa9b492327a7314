import { fireEvent, screen, waitFor } from '@testing-library/react';
import { TicketDetailPage } from '../src/features/tickets/detail/TicketDetailPage';
import { mockFetch, type TFetchCall } from './support/fetchMock';
import { makeDetail, makeDetailResponse, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PNG_BASE64 = btoa(String.fromCharCode(...PNG_BYTES));

// The shared schema checks ids as uuids before the form sends anything.
const uploadedId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const reference = {
  'GET /api/v1/units': { body: { items: [] } },
  'GET /api/v1/categories': { body: { items: [] } },
};

function routes(action: 'reply' | 'signoff-reply') {
  let uploads = 0;
  return {
    ...reference,
    'GET /api/v1/tickets/t1': {
      body: makeDetailResponse({ ticket: makeDetail({ status: 'in_progress' }), availableActions: [action] }),
    },
    'POST /api/v1/tickets/t1/attachments': () => {
      uploads += 1;
      return {
        status: 201,
        body: {
          attachment: { id: uploadedId(uploads), filename: 'lamp.png', mimeType: 'image/png', sizeBytes: 11 },
        },
      };
    },
    [`POST /api/v1/tickets/t1/${action}`]: { body: { ticket: makeDetail({ version: 4 }) } },
  };
}

const fileInput = () => document.querySelector<HTMLInputElement>('.ant-modal input[type="file"]')!;
const posted = (calls: TFetchCall[], url: string) =>
  calls.filter((c) => c.method === 'POST' && c.url === url);

async function openAndWrite(action: 'reply' | 'signoff-reply') {
  renderAsUser(<TicketDetailPage id="t1" />, makeUser({ role: 'unit_handler' }));
  fireEvent.click(await screen.findByTestId(`action-${action}`));
  fireEvent.change(await screen.findByLabelText('办理结果'), { target: { value: '路灯已修复，恢复照明' } });
}

describe('reply with attachments', () => {
  // jsdom has no object URLs or canvas; antd's picture list uses them for each image's thumbnail.
  beforeAll(() => {
    Object.assign(URL, { createObjectURL: () => 'blob:thumb', revokeObjectURL: () => undefined });
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });

  it('uploads a picked photo as base64 and sends its id with the reply', async () => {
    const { calls } = mockFetch(routes('reply'));
    await openAndWrite('reply');
    expect(screen.getByText('附件')).toBeInTheDocument();

    fireEvent.change(fileInput(), {
      target: { files: [new File([PNG_BYTES], 'lamp.png', { type: 'image/png' })] },
    });
    await waitFor(() => expect(posted(calls, '/api/v1/tickets/t1/attachments')).toHaveLength(1), {
      timeout: 5000,
    });
    expect(posted(calls, '/api/v1/tickets/t1/attachments')[0]!.body).toEqual({
      filename: 'lamp.png',
      contentBase64: PNG_BASE64,
    });
    expect(await screen.findByText('lamp.png')).toBeInTheDocument();

    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(posted(calls, '/api/v1/tickets/t1/reply')).toHaveLength(1));
    expect(posted(calls, '/api/v1/tickets/t1/reply')[0]!.body).toEqual({
      expectedVersion: 3,
      content: '路灯已修复，恢复照明',
      solved: true,
      attachmentIds: [uploadedId(1)],
    });
  });

  it('refuses a file that is neither an image nor a PDF without uploading it', async () => {
    const { calls } = mockFetch(routes('reply'));
    await openAndWrite('reply');
    fireEvent.change(fileInput(), {
      target: { files: [new File(['MZ'], 'virus.exe', { type: 'application/x-msdownload' })] },
    });
    expect(await screen.findByText('virus.exe 不是图片或 PDF 文件')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(posted(calls, '/api/v1/tickets/t1/reply')).toHaveLength(1));
    expect(posted(calls, '/api/v1/tickets/t1/attachments')).toHaveLength(0);
    expect(posted(calls, '/api/v1/tickets/t1/reply')[0]!.body).toMatchObject({ attachmentIds: [] });
  });

  it("a sign-off without new files leaves attachmentIds out, so the draft's files go out", async () => {
    const { calls } = mockFetch(routes('signoff-reply'));
    await openAndWrite('signoff-reply');
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(posted(calls, '/api/v1/tickets/t1/signoff-reply')).toHaveLength(1));
    expect(posted(calls, '/api/v1/tickets/t1/signoff-reply')[0]!.body).not.toHaveProperty('attachmentIds');
  });

  it("the timeline shows a reply's files as download links", async () => {
    const detail = makeDetailResponse();
    detail.timeline.push({
      id: 3,
      type: 'ticket.replied',
      actorName: '李承办',
      actorRole: 'unit_handler',
      unitName: '市城管局',
      fromStatus: 'in_progress',
      toStatus: 'replied',
      payload: { content: '路灯已修复', solved: true, attachments: [{ id: 'att-9', filename: '复函.pdf' }] },
      createdAt: '2025-06-02T08:00:00.000Z',
    });
    mockFetch({ ...reference, 'GET /api/v1/tickets/t1': { body: detail } });
    renderAsUser(<TicketDetailPage id="t1" />, makeUser());
    const link = await screen.findByRole('link', { name: '复函.pdf' });
    expect(link).toHaveAttribute('href', '/api/v1/tickets/t1/attachments/att-9');
  });
});
