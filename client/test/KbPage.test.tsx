import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { KbPage } from '../src/features/kb/KbPage';
import { resetReferenceData } from '../src/features/tickets/common/useReferenceData';
import { mockFetch, type TFetchCall } from './support/fetchMock';
import { makeUser } from './support/fixtures';
import { KB, makeKbArticle, makeKbReview, makeKbSummary } from './support/kbFixtures';
import { renderAsUser } from './support/render';

const centre = { unitName: '12345 热线中心', unitKind: 'hotline' as const };
const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', ...centre });
const handler = makeUser({ id: 'u-rsj', role: 'unit_handler', displayName: '王承办', unitName: '市人社局' });
const supervisor = makeUser({ id: 'u-sup', role: 'supervisor', displayName: '刘督办', ...centre });

const gongjijin = makeKbSummary({
  id: KB.gongjijin,
  title: '住房公积金提取条件',
  snippet: '购房、租房、退休均可申请提取住房公积金。',
  ownerUnitName: '市公积金中心',
  usageCount: 7,
});

const baseRoutes = {
  'GET /api/v1/categories': { body: { items: [] } },
  'GET /api/v1/units': { body: { items: [] } },
  'GET /api/v1/kb/articles': { body: { items: [gongjijin, makeKbSummary()], nextCursor: null } },
  'GET /api/v1/kb/search': { body: { items: [makeKbSummary({ score: 3.2 })] } },
  [`GET /api/v1/kb/articles/${KB.shebao}`]: { body: makeKbArticle() },
  [`GET /api/v1/kb/articles/${KB.shebao}/versions`]: {
    body: {
      items: [
        {
          ...makeKbReview({ id: KB.v9, version: 3, status: 'approved' }),
          reviewedByName: '刘督办',
          reviewedAt: '2026-02-01T01:00:00.000Z',
          reviewComment: '同意发布',
        },
      ],
    },
  },
};

const posts = (calls: TFetchCall[]) => calls.filter((c) => c.method === 'POST');

describe('KbPage', () => {
  beforeEach(() => {
    resetReferenceData();
    window.history.replaceState(null, '', '/kb');
  });

  it('searches in Chinese, marks the words found and opens the article with its history', async () => {
    const { calls } = mockFetch(baseRoutes);
    renderAsUser(<KbPage />, agent);
    // without words: the catalogue
    expect(await screen.findByTestId(`kb-result-${KB.gongjijin}`)).toHaveTextContent('住房公积金提取条件');
    // agents neither filter by status nor see expired articles, and propose nothing
    expect(screen.queryByText('含已失效')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /新建文章/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: /待审核/ })).not.toBeInTheDocument();

    const box = screen.getByLabelText('搜索知识库');
    fireEvent.change(box, { target: { value: '社保卡丢了怎么补办' } });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(screen.queryByTestId(`kb-result-${KB.gongjijin}`)).not.toBeInTheDocument());
    const hit = screen.getByTestId(`kb-result-${KB.shebao}`);
    expect(screen.getByText('按相关度排序，共 1 条')).toBeInTheDocument();
    const search = calls.find((c) => c.url.startsWith('/api/v1/kb/search'))!;
    expect(new URL(search.url, 'http://x').searchParams.get('q')).toBe('社保卡丢了怎么补办');
    const marks = [...hit.querySelectorAll('mark')].map((m) => m.textContent ?? '');
    expect(marks.join('|')).toContain('社保卡');
    expect(marks.join('|')).toContain('补办');

    fireEvent.click(within(hit).getByRole('button', { name: '社保卡丢失补办指南' }));
    await waitFor(() => expect(window.location.pathname).toBe(`/kb/articles/${KB.shebao}`));
    const drawer = await screen.findByRole('dialog');
    await waitFor(() => expect(within(drawer).getByTestId('kb-body')).toHaveTextContent('12333 挂失'));
    expect(within(drawer).getByTestId('kb-body')).toHaveClass('kb-body');
    expect(drawer).toHaveTextContent('市人社局');
    expect(drawer).toHaveTextContent('2026-01-01 起长期有效');
    // agents cannot propose edits
    expect(within(drawer).queryByRole('button', { name: /提出修改/ })).not.toBeInTheDocument();

    fireEvent.click(within(drawer).getByRole('tab', { name: '版本记录' }));
    const v3 = await within(drawer).findByTestId('kb-version-3');
    expect(v3).toHaveTextContent('已通过');
    expect(v3).toHaveTextContent('审核意见：同意发布');
  });

  it('lets a supervisor approve a proposed edit, seen side by side with the published text', async () => {
    const { calls } = mockFetch({
      ...baseRoutes,
      'GET /api/v1/kb/reviews': { body: { items: [makeKbReview()] } },
      [`POST /api/v1/kb/versions/${KB.v2}/approve`]: {
        body: { version: makeKbReview({ status: 'approved' }) },
      },
    });
    renderAsUser(<KbPage />, supervisor);
    fireEvent.click(await screen.findByText('待审核'));

    const compare = await screen.findByTestId('kb-compare', {}, { timeout: 5000 });
    await waitFor(() => expect(compare).toHaveTextContent('现行版本 v3'));
    expect(compare).toHaveTextContent('修改稿 v4');
    // the new paragraph is marked as added, the dropped list items as removed
    expect(within(compare).getByText('也可在“江苏智慧人社”App 上补办，邮寄到家。')).toHaveClass(
      'kb-para-added',
    );
    expect(within(compare).getByText('携带身份证')).toHaveClass('kb-para-removed');
    expect(within(compare).getByText('社保卡丢失补办指南（2026版）')).toHaveClass('kb-compare-changed');

    fireEvent.change(screen.getByLabelText('审核意见'), { target: { value: '内容准确' } });
    fireEvent.click(screen.getByTestId('kb-approve'));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]).toMatchObject({
      url: `/api/v1/kb/versions/${KB.v2}/approve`,
      body: { comment: '内容准确' },
    });
    expect(await screen.findByText('已通过并发布')).toBeInTheDocument();
  });

  it('rejects only with a reason', async () => {
    const { calls } = mockFetch({
      ...baseRoutes,
      'GET /api/v1/kb/reviews': { body: { items: [makeKbReview()] } },
      [`POST /api/v1/kb/versions/${KB.v2}/reject`]: {
        body: { version: makeKbReview({ status: 'rejected' }) },
      },
    });
    renderAsUser(<KbPage />, supervisor);
    fireEvent.click(await screen.findByText('待审核'));
    await screen.findByTestId('kb-compare', {}, { timeout: 5000 });

    fireEvent.click(screen.getByTestId('kb-reject'));
    expect(await screen.findByText('请填写退回原因（至少 2 个字）')).toBeInTheDocument();
    expect(posts(calls)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('审核意见'), { target: { value: 'App 补办需先核实，暂不写入' } });
    fireEvent.click(screen.getByTestId('kb-reject'));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]).toMatchObject({
      url: `/api/v1/kb/versions/${KB.v2}/reject`,
      body: { comment: 'App 补办需先核实，暂不写入' },
    });
  });

  it('shows a new article on its own, and the server refusing a supervisor their own proposal', async () => {
    mockFetch({
      ...baseRoutes,
      'GET /api/v1/kb/reviews': { body: { items: [makeKbReview({ articleId: KB.gongjijin, version: 1 })] } },
      [`GET /api/v1/kb/articles/${KB.gongjijin}`]: { body: makeKbArticle({ ...gongjijin, status: 'draft' }) },
      [`POST /api/v1/kb/versions/${KB.v2}/approve`]: {
        status: 403,
        body: {
          error: { code: 'FORBIDDEN', message: 'Someone else must review your own proposal', details: null },
        },
      },
    });
    renderAsUser(<KbPage />, supervisor);
    fireEvent.click(await screen.findByText('待审核'));
    const compare = await screen.findByTestId('kb-compare', {}, { timeout: 5000 });
    await waitFor(() => expect(compare).toHaveTextContent('新文章，尚无现行版本'));
    expect(compare.querySelector('.kb-para-removed')).toBeNull();

    fireEvent.click(screen.getByTestId('kb-approve'));
    expect(await screen.findByText('Someone else must review your own proposal')).toBeInTheDocument();
    expect(screen.getByTestId('kb-review-detail')).toBeInTheDocument();
  });

  it('lets a unit propose an edit of its article, based on the version it read', async () => {
    let proposals = 0;
    const { calls } = mockFetch({
      ...baseRoutes,
      [`POST /api/v1/kb/articles/${KB.shebao}/versions`]: () =>
        ++proposals === 1
          ? { status: 201, body: { version: makeKbReview() } }
          : {
              status: 409,
              body: { error: { code: 'CONFLICT', message: '已有修改稿待审核', details: null } },
            },
    });
    window.history.replaceState(null, '', `/kb/articles/${KB.shebao}`);
    renderAsUser(<KbPage />, handler);
    expect(await screen.findByText('含已失效')).toBeInTheDocument(); // units keep their articles up
    const drawer = await screen.findByTestId('kb-article-drawer');
    await waitFor(() => expect(within(drawer).getByTestId('kb-body')).toHaveTextContent('12333'));
    // (role queries crawl over this many antd pickers: buttons are found by their text)
    const button = (root: HTMLElement, text: string) => within(root).getByText(text).closest('button')!;
    fireEvent.click(button(drawer, '提出修改'));

    // the body comes back as the editor's light markup
    const title = await screen.findByText('修改：社保卡丢失补办指南');
    const modal = title.closest<HTMLElement>('.ant-modal')!;
    const body = within(modal).getByLabelText('正文');
    expect(body).toHaveValue(
      '社保卡丢失后，请先拨打 **12333** 挂失。\n\n- 携带身份证\n- 到任一社保服务网点补办',
    );
    fireEvent.change(body, {
      target: { value: '社保卡丢失后，请先拨打 **12333** 挂失。\n\n- 携带身份证\n- 可在 App 上补办' },
    });
    fireEvent.click(button(modal, '提交修改'));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]!.body).toEqual({
      title: '社保卡丢失补办指南',
      bodyHtml:
        '<p>社保卡丢失后，请先拨打 <strong>12333</strong> 挂失。</p>\n<ul><li>携带身份证</li><li>可在 App 上补办</li></ul>',
      categoryIds: [],
      effectiveFrom: '2026-01-01',
      expiresOn: null,
      baseVersion: 3,
    });
    expect(await screen.findByText('修改已提交，等待审核')).toBeInTheDocument();

    // someone else was quicker: the form stays open and says why
    fireEvent.click(button(drawer, '提出修改'));
    const again = (await screen.findByText('修改：社保卡丢失补办指南')).closest<HTMLElement>('.ant-modal')!;
    fireEvent.click(button(again, '提交修改'));
    expect(await within(again).findByText('已有修改稿待审核')).toBeInTheDocument();
    expect(within(again).getByText('提交修改')).toBeInTheDocument();
    // opening the form mounts date and tree pickers, slow in jsdom
  }, 90_000);
});
