import { fireEvent, screen, waitFor } from '@testing-library/react';
import { CreateTicketPage } from '../src/features/tickets/create/CreateTicketPage';
import { mockFetch } from './support/fetchMock';
import { makeDetail, makeUser } from './support/fixtures';
import { renderAsUser } from './support/render';

const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', unitName: '12345 热线中心' });

async function chooseOption(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  fireEvent.click(await screen.findByTitle(option));
}

describe('CreateTicketPage', () => {
  beforeEach(() => window.history.replaceState(null, '', '/tickets/new'));

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

  it('is refused to unit roles', () => {
    mockFetch({});
    renderAsUser(<CreateTicketPage />, makeUser());
    expect(screen.getByText('仅话务员和派单员可以新建工单')).toBeInTheDocument();
  });
});
