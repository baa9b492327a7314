import type { TKbArticleSummary } from '@hotline/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { KB_PANEL_DEBOUNCE_MS, KbSearchPanel } from '../src/features/kb/KbSearchPanel';
import { resetReferenceData } from '../src/features/tickets/common/useReferenceData';
import { mockFetch } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { KB, makeKbArticle, makeKbSummary } from './support/kbFixtures';
import { renderAsUser } from './support/render';

const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', unitKind: 'hotline' });
const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

/** The panel fed by a text box, as the create form feeds it with the ticket being typed. */
function Harness({ onCite }: { onCite: (a: TKbArticleSummary) => void }) {
  const [text, setText] = useState('');
  return (
    <>
      <input aria-label="工单内容" value={text} onChange={(e) => setText(e.target.value)} />
      <KbSearchPanel text={text} categoryId="cat-1" onCite={onCite} />
    </>
  );
}

const searchCalls = (calls: { url: string }[]) => calls.filter((c) => c.url.startsWith('/api/v1/kb/search'));

describe('KbSearchPanel', () => {
  beforeEach(() => resetReferenceData());

  it('searches once with the text typed so far after a 300 ms pause, and shows the top five', async () => {
    const items = Array.from({ length: 6 }, (_, i) =>
      makeKbSummary({ id: `a${i}`, title: `社保卡补办 ${i}`, usageCount: i }),
    );
    items[0] = makeKbSummary();
    const { calls } = mockFetch({ 'GET /api/v1/kb/search': { body: { items } } });
    renderAsUser(<Harness onCite={jest.fn()} />, agent);

    const box = screen.getByLabelText('工单内容');
    for (const text of ['社', '社保', '社保卡', '社保卡丢了怎么办'])
      fireEvent.change(box, { target: { value: text } });
    await wait(KB_PANEL_DEBOUNCE_MS - 150);
    expect(searchCalls(calls)).toHaveLength(0); // still typing

    await wait(300);
    await screen.findByTestId('kb-panel-results');
    const sent = searchCalls(calls);
    expect(sent).toHaveLength(1);
    const url = new URL(sent[0]!.url, 'http://x');
    expect(url.searchParams.get('q')).toBe('社保卡丢了怎么办');
    expect(url.searchParams.get('categoryId')).toBe('cat-1');
    expect(url.searchParams.get('limit')).toBe('5');

    const results = screen.getByTestId('kb-panel-results');
    expect(within(results).getAllByRole('listitem')).toHaveLength(5);
    const first = screen.getByTestId(`kb-result-${KB.shebao}`);
    expect(first).toHaveTextContent('社保卡丢失补办指南');
    expect(first).toHaveTextContent('市人社局 · 引用 42 次');
    // the query's words are marked in the title and the snippet
    const marks = [...first.querySelectorAll('mark')].map((m) => m.textContent ?? '');
    expect(marks[0]).toContain('社保卡');
    expect(marks.some((m) => m.includes('指南'))).toBe(false);
  });

  it('says nothing is found, and asks nothing for a single character', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/kb/search': { body: { items: [] } } });
    renderAsUser(<Harness onCite={jest.fn()} />, agent);
    fireEvent.change(screen.getByLabelText('工单内容'), { target: { value: '路' } });
    await wait(KB_PANEL_DEBOUNCE_MS + 100);
    expect(searchCalls(calls)).toHaveLength(0);
    expect(screen.getByText('输入标题或描述后，这里推荐可直接答复市民的文章')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('工单内容'), { target: { value: '路灯不亮' } });
    expect(await screen.findByText('知识库中没有相关文章')).toBeInTheDocument();
  });

  it('cites an article from the list, and from its drawer after reading it', async () => {
    const onCite = jest.fn();
    const { calls } = mockFetch({
      'GET /api/v1/kb/search': { body: { items: [makeKbSummary()] } },
      [`GET /api/v1/kb/articles/${KB.shebao}`]: { body: makeKbArticle() },
      [`GET /api/v1/kb/articles/${KB.shebao}/versions`]: { body: { items: [] } },
      'GET /api/v1/categories': { body: { items: [] } },
    });
    renderAsUser(<Harness onCite={onCite} />, agent);
    fireEvent.change(screen.getByLabelText('工单内容'), { target: { value: '社保卡丢了' } });
    await screen.findByTestId('kb-panel-results');

    fireEvent.click(screen.getByRole('button', { name: '引用“社保卡丢失补办指南”并即时办结' }));
    expect(onCite).toHaveBeenCalledTimes(1);
    expect(onCite.mock.calls[0][0]).toMatchObject({ id: KB.shebao, title: '社保卡丢失补办指南' });

    // open it: the drawer shows the sanitised body, and offers the citation too
    fireEvent.click(screen.getByRole('button', { name: '社保卡丢失补办指南' }));
    const drawer = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(within(drawer).getByTestId('kb-body')).toHaveTextContent('到任一社保服务网点补办'),
    );
    expect(within(drawer).getByTestId('kb-body').querySelector('li')).not.toBeNull();
    expect(calls.some((c) => c.url === `/api/v1/kb/articles/${KB.shebao}`)).toBe(true);
    fireEvent.click(within(drawer).getByRole('button', { name: '引用“社保卡丢失补办指南”并即时办结' }));
    expect(onCite).toHaveBeenCalledTimes(2);
    expect(onCite.mock.calls[1][0]).toMatchObject({ id: KB.shebao });
  });

  it('shows why the knowledge base could not answer', async () => {
    mockFetch({
      'GET /api/v1/kb/search': {
        status: 500,
        body: { error: { code: 'INTERNAL', message: '服务器错误', details: null } },
      },
    });
    renderAsUser(<Harness onCite={jest.fn()} />, agent);
    fireEvent.change(screen.getByLabelText('工单内容'), { target: { value: '公积金提取' } });
    expect(await screen.findByText('知识库暂不可用：服务器错误')).toBeInTheDocument();
  });
});
