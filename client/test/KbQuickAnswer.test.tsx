import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { KB_PANEL_DEBOUNCE_MS } from '../src/features/kb/KbSearchPanel';
import { resetReferenceData } from '../src/features/tickets/common/useReferenceData';
import { CreateTicketPage } from '../src/features/tickets/create/CreateTicketPage';
import { mockFetch, type TFetchCall } from './support/fetchMock';
import { makeDetail, makeUser } from './support/fixtures';
import { KB, makeKbArticle, makeKbSummary } from './support/kbFixtures';
import { renderAsUser } from './support/render';
import { UNITS } from './support/units';

const TOAST = { timeout: 5000 };

const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', unitKind: 'hotline' });
const created = makeDetail({ id: 'new-1', no: '20260301000007', status: 'registered', type: 'consultation' });

const routes = {
  'GET /api/v1/categories': { body: { items: [] } },
  'GET /api/v1/units': { body: { items: UNITS } },
  'GET /api/v1/kb/search': { body: { items: [makeKbSummary()] } },
  [`GET /api/v1/kb/articles/${KB.shebao}`]: { body: makeKbArticle() },
  'POST /api/v1/tickets': { status: 201, body: { ticket: created } },
  'POST /api/v1/tickets/new-1/answer': { body: { ticket: { ...created, status: 'resolved' } } },
};

/** Writes to tickets (the routing suggestions are POSTs too, but change nothing). */
const posts = (calls: TFetchCall[]) =>
  calls.filter((c) => c.method === 'POST' && c.url.startsWith('/api/v1/tickets'));

/** Types the citizen's question and waits for the knowledge base to suggest, then cites the article. */
async function typeAndCite() {
  fireEvent.change(screen.getByLabelText('标题'), { target: { value: '社保卡丢了怎么补办' } });
  fireEvent.change(screen.getByLabelText('描述'), { target: { value: '市民来电咨询社保卡丢失后如何补办' } });
  // the form's watched values reach the panel a tick later; then the debounce runs out
  const results = await screen.findByTestId('kb-panel-results', {}, { timeout: KB_PANEL_DEBOUNCE_MS + 3000 });
  fireEvent.click(within(results).getByRole('button', { name: '引用“社保卡丢失补办指南”并即时办结' }));
  // the snippet at once, then the whole article once it is read
  await waitFor(() =>
    expect(screen.getByLabelText('答复内容')).toHaveValue(
      '社保卡丢失补办指南：\n社保卡丢失后，请先拨打 12333 挂失。\n携带身份证\n到任一社保服务网点补办',
    ),
  );
}

describe('即时办结 from the create form', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/tickets/new');
    resetReferenceData();
  });

  it('creates the ticket and answers it on the spot, citing the article', async () => {
    const { calls } = mockFetch(routes);
    renderAsUser(<CreateTicketPage />, agent);
    await typeAndCite();
    expect(screen.getByTestId('kb-quick-answer')).toHaveTextContent('引用：社保卡丢失补办指南');

    // the agent adapts the answer to the caller
    const edited = '社保卡丢失后，请先拨打 12333 挂失，再带身份证到就近网点补办。';
    fireEvent.change(screen.getByLabelText('答复内容'), { target: { value: edited } });
    fireEvent.click(screen.getByTestId('create-answer'));

    await waitFor(() => expect(window.location.pathname).toBe('/tickets/new-1'));
    const [create, answer] = posts(calls);
    // citing made it a consultation: the agent had not chosen a type
    expect(create).toMatchObject({
      url: '/api/v1/tickets',
      body: { type: 'consultation', title: '社保卡丢了怎么补办' },
    });
    expect(answer).toMatchObject({
      url: '/api/v1/tickets/new-1/answer',
      body: { answer: edited, articleId: KB.shebao },
    });
    // The result is an antd toast: under a loaded CI machine it can take over a second to show.
    expect(await screen.findByText('工单 20260301000007 已即时办结', undefined, TOAST)).toBeInTheDocument();
  });

  it('needs an answer, and an ordinary submit only registers the ticket', async () => {
    const { calls } = mockFetch(routes);
    renderAsUser(<CreateTicketPage />, agent);
    await typeAndCite();

    fireEvent.change(screen.getByLabelText('答复内容'), { target: { value: '  ' } });
    fireEvent.click(screen.getByTestId('create-answer'));
    expect(await screen.findByText('请填写答复内容')).toBeInTheDocument();
    expect(posts(calls)).toHaveLength(0);

    fireEvent.click(screen.getByTestId('create-submit'));
    await waitFor(() => expect(window.location.pathname).toBe('/tickets/new-1'));
    expect(posts(calls).map((c) => c.url)).toEqual(['/api/v1/tickets']);
  });

  it('keeps the ticket when the answer is refused, and says so', async () => {
    const { calls } = mockFetch({
      ...routes,
      'POST /api/v1/tickets/new-1/answer': {
        status: 422,
        body: { error: { code: 'UNPROCESSABLE', message: '文章已失效，不能引用', details: null } },
      },
    });
    renderAsUser(<CreateTicketPage />, agent);
    await typeAndCite();
    fireEvent.click(screen.getByTestId('create-answer'));
    expect(
      await screen.findByText(
        '工单 20260301000007 已登记，但即时办结未成功：文章已失效，不能引用',
        undefined,
        TOAST,
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(window.location.pathname).toBe('/tickets/new-1'));
    expect(posts(calls)).toHaveLength(2);
  });

  it('lets the agent take the citation back', async () => {
    mockFetch(routes);
    renderAsUser(<CreateTicketPage />, agent);
    await typeAndCite();
    fireEvent.click(screen.getByRole('button', { name: /取消引用/ }));
    await waitFor(() => expect(screen.queryByTestId('kb-quick-answer')).not.toBeInTheDocument());
    expect(screen.queryByTestId('create-answer')).not.toBeInTheDocument();
  });
});
