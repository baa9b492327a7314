import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { CreateTicketPage } from '../src/features/tickets/create/CreateTicketPage';
import { ASSIST_DEBOUNCE_MS } from '../src/features/tickets/create/EntryAssist';
import { resetReferenceData } from '../src/features/tickets/common/useReferenceData';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';
import { U, UNITS } from './support/units';

const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', unitName: '12345 热线中心' });

async function chooseOption(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  fireEvent.click(await screen.findByTitle(option));
}

/** Lets the typing debounce run out and the lookups answer, inside act. */
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, ASSIST_DEBOUNCE_MS + 200)));

describe('CreateTicketPage', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/tickets/new');
    resetReferenceData();
  });

  it('creates a ticket with Ctrl+Enter and opens it', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/categories': { body: { items: [] } },
      'POST /api/v1/tickets': { status: 201, body: { ticket: makeDetail({ id: 'new-1', no: 'NO-NEW' }) } },
    });
    renderAsUser(<CreateTicketPage />, agent);

    await chooseOption('类型', '投诉');
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '小区垃圾无人清运' } });
    fireEvent.change(screen.getByLabelText('描述'), { target: { value: '三天没有收垃圾了' } });
    fireEvent.change(screen.getByLabelText('来电号码'), { target: { value: '13800001111' } });
    fireEvent.keyDown(screen.getByLabelText('描述'), { key: 'Enter', ctrlKey: true });

    await waitFor(() => expect(window.location.pathname).toBe('/tickets/new-1'));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({
      line: '12345',
      channel: 'phone',
      type: 'complaint',
      urgency: 'normal',
      title: '小区垃圾无人清运',
      description: '三天没有收垃圾了',
      citizen: { phone: '13800001111' },
      confidential: false,
      draft: false,
    });
    expect(typeof (post?.body as { idempotencyKey?: unknown }).idempotencyKey).toBe('string');
  });

  it('makes 12388 reports confidential and locks the box', async () => {
    mockFetch({ 'GET /api/v1/categories': { body: { items: [] } } });
    renderAsUser(<CreateTicketPage />, agent);
    const box = screen.getByLabelText('保密');
    expect(box).not.toBeChecked();
    await chooseOption('热线', '12388 纪检监察举报');
    await waitFor(() => expect(screen.getByLabelText('保密')).toBeChecked());
    await waitFor(() => expect(screen.getByLabelText('保密')).toBeDisabled());
    expect(screen.getByText('12388 纪检监察举报一律保密')).toBeInTheDocument();
  });

  it("shows likely duplicates and the router's categories while the agent types, and picks a category in one click", async () => {
    const { calls } = mockFetch({
      'GET /api/v1/categories': {
        body: {
          items: [
            {
              id: 'c-road',
              code: '0107',
              name: '市政设施与路灯',
              parentId: null,
              level: 1,
              isLeaf: true,
              defaultUnitId: null,
              active: true,
            },
          ],
        },
      },
      'GET /api/v1/units': { body: { items: UNITS } },
      'GET /api/v1/tickets/duplicates': {
        body: {
          items: [
            {
              ticketId: 't-dup',
              no: '20261125000018',
              title: '路灯不亮',
              status: 'dispatched',
              createdAt: '2026-11-25T02:00:00.000Z',
              score: 0.8,
              reasons: ['same_caller', 'similar_text'],
              similarity: 0.7,
            },
            {
              ticketId: 't-faint',
              no: '20261120000001',
              title: '别的事',
              status: 'closed',
              createdAt: '2026-11-20T02:00:00.000Z',
              score: 0.05,
              reasons: [],
              similarity: 0.05,
            },
          ],
        },
      },
      'POST /api/v1/routing/suggest': {
        body: {
          units: [{ unitId: 'u-cgj', unitName: '市城管局', confidence: 0.93, reason: 'model' }],
          categories: [{ categoryId: 'c-road', code: '0107', name: '市政设施与路灯', confidence: 0.88 }],
          modelTrainedAt: '2026-11-26T02:00:00.000Z',
        },
      },
    });
    renderAsUser(<CreateTicketPage />, agent);
    fireEvent.change(screen.getByLabelText('来电号码'), { target: { value: '13800001111' } });
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '路灯不亮' } });
    fireEvent.change(screen.getByLabelText('描述'), { target: { value: '龙锦路路灯连续三晚不亮' } });
    fireEvent.change(screen.getByLabelText('地址'), { target: { value: '天宁区青龙街道龙锦路18号' } });
    await settle();
    expect(screen.getByText('所属区域：天宁区12345分中心')).toBeInTheDocument();

    const list = await screen.findByTestId('entry-duplicates');
    expect(list).toHaveTextContent('20261125000018');
    expect(list).toHaveTextContent('同一来电人');
    expect(list).not.toHaveTextContent('20261120000001'); // no reason: not shown
    expect(screen.getByTestId('entry-unit-u-cgj')).toHaveTextContent('市城管局 93%');
    // typing is debounced: one lookup for the burst of keystrokes above
    expect(calls.filter((c) => c.url.startsWith('/api/v1/tickets/duplicates'))).toHaveLength(1);
    const dup = calls.find((c) => c.url.startsWith('/api/v1/tickets/duplicates'))!;
    expect(dup.url).toContain('phone=13800001111');
    expect(dup.url).toContain(`districtId=${U.tn}`);

    fireEvent.click(screen.getByRole('button', { name: '选用分类 市政设施与路灯' }));
    await settle();
    await waitFor(() =>
      expect(document.querySelector('#categoryId')?.closest('.ant-select-content')).toHaveAttribute(
        'title',
        '0107 市政设施与路灯',
      ),
    );
  });

  it('asks nothing while a 12388 report is typed', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/categories': { body: { items: [] } } });
    renderAsUser(<CreateTicketPage />, agent);
    await chooseOption('热线', '12388 纪检监察举报');
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '举报某科长收受购物卡' } });
    fireEvent.change(screen.getByLabelText('描述'), { target: { value: '多次在审批中收受购物卡' } });
    await settle();
    expect(screen.queryByTestId('entry-assist')).not.toBeInTheDocument();
    expect(calls.filter((c) => /duplicates|routing/.test(c.url))).toEqual([]);
  });

  it('is refused to unit roles', async () => {
    mockFetch({});
    renderAsUser(<CreateTicketPage />, makeUser());
    expect(screen.getByText('仅话务员和派单员可以新建工单')).toBeInTheDocument();
    await settle(); // the reference data it asked for arrives inside act
  });
});
