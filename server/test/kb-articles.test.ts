import { toShanghaiDate } from '@hotline/shared';
import { Client } from 'pg';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let tnStreet: ApiClient;
let pg: Client;
let categoryId: string;

const today = () => toShanghaiDate(new Date());
const daysFromToday = (n: number) => toShanghaiDate(new Date(Date.now() + n * 86_400_000));

beforeAll(async () => {
  s = await startTestServer('kb_articles');
  c = await signInCast(s);
  tnStreet = await s.login('tn_street_handler');
  pg = new Client({ connectionString: s.dbUrl });
  await pg.connect();
  const cats = (await c.agent.get('/categories')).body.items as { id: string; name: string }[];
  categoryId = cats.find((x) => x.name === '占道经营')!.id;
}, 60_000);
afterAll(async () => {
  await pg?.end();
  await s?.stop();
});

const proposal = (over: Record<string, unknown> = {}) => ({
  title: '夜市摊点管理规定',
  bodyHtml: '<p>夜市摊点应在指定区域经营，经营时间为 18 时至 22 时。</p>',
  categoryIds: [categoryId],
  effectiveFrom: daysFromToday(-30),
  ...over,
});

/** Proposes (as `by`) and approves (as the supervisor): a published article. */
async function published(by: ApiClient, over: Record<string, unknown> = {}) {
  const created = await by.post('/kb/articles', proposal(over));
  expect(created.status).toBe(201);
  const approved = await c.supervisor.post(
    `/kb/versions/${created.body.article.pendingVersion.id}/approve`,
    {},
  );
  expect(approved.status).toBe(200);
  return approved.body.article as { id: string; version: number; title: string };
}

const searchTitles = async (who: ApiClient, q: string) =>
  ((await who.get(`/kb/search?q=${encodeURIComponent(q)}`)).body.items as { title: string }[]).map(
    (a) => a.title,
  );

describe('proposing and reviewing articles', () => {
  test('a unit proposes a draft for its own unit; the hotline approves it and agents find it', async () => {
    // a unit cannot file an article under another unit: the owner is forced to its own
    const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
    const zjj = units.find((u) => u.code === 'zjj')!.id;
    const res = await c.handler.post(
      '/kb/articles',
      proposal({ title: '城管夜市摊点备案', ownerUnitId: zjj }),
    );
    expect(res.status).toBe(201);
    const article = res.body.article;
    expect(article).toMatchObject({ status: 'draft', version: 1, ownerUnitId: c.cgjUnitId, usageCount: 0 });
    expect(article.pendingVersion).toMatchObject({
      version: 1,
      status: 'pending',
      proposedByName: expect.stringContaining('周杰'),
    });
    // Not live yet: hidden from the agent's search and detail, visible to the owning unit.
    expect(await searchTitles(c.agent, '城管夜市摊点备案')).not.toContain('城管夜市摊点备案');
    expect((await c.agent.get(`/kb/articles/${article.id}`)).status).toBe(404);
    expect((await c.manager.get(`/kb/articles/${article.id}`)).status).toBe(200);
    const queue = await c.supervisor.get('/kb/reviews');
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({ id: article.pendingVersion.id, articleTitle: '城管夜市摊点备案' }),
    );

    const approved = await c.supervisor.post(`/kb/versions/${article.pendingVersion.id}/approve`, {
      comment: '同意',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.version).toMatchObject({
      status: 'approved',
      reviewedByName: expect.stringContaining('刘洋'),
      reviewComment: '同意',
    });
    expect(approved.body.article).toMatchObject({ status: 'published', version: 1, pendingVersion: null });
    expect(await searchTitles(c.agent, '夜市摊点备案')).toContain('城管夜市摊点备案');
  });

  test('a new version replaces the published text only once approved, and takes its number', async () => {
    const a = await published(c.dispatcher, { title: '早餐摊点疏导点' });
    const v2 = await c.handler.post(`/kb/articles/${a.id}/versions`, {
      ...proposal({ title: '早餐摊点疏导点（修订）', ownerUnitId: undefined }),
      baseVersion: a.version,
    });
    // cgj's staff may not change an article of the city centre
    expect(v2.status).toBe(403);
    const mine = await c.dispatcher.post(`/kb/articles/${a.id}/versions`, {
      ...proposal({ title: '早餐摊点疏导点（修订）', bodyHtml: '<p>疏导点开放时间延长到 10 时。</p>' }),
      baseVersion: a.version,
    });
    expect(mine.status).toBe(201);
    expect(mine.body.version).toMatchObject({ version: 2, status: 'pending' });
    // While it waits the agents still read version 1.
    const before = await c.agent.get(`/kb/articles/${a.id}`);
    expect(before.body).toMatchObject({ title: '早餐摊点疏导点', version: 1, pendingVersion: null });
    expect((await c.dispatcher.get(`/kb/articles/${a.id}`)).body.pendingVersion).toMatchObject({
      version: 2,
    });

    // One pending at a time; a proposal against an old version is stale.
    const second = await c.admin.post(`/kb/articles/${a.id}/versions`, { ...proposal(), baseVersion: 1 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');

    const ok = await c.supervisor.post(`/kb/versions/${mine.body.version.id}/approve`, {});
    expect(ok.status).toBe(200);
    expect(ok.body.article).toMatchObject({ title: '早餐摊点疏导点（修订）', version: 2 });
    expect(ok.body.article.bodyHtml).toContain('10 时');
    const stale = await c.admin.post(`/kb/articles/${a.id}/versions`, { ...proposal(), baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    // Deciding twice is a conflict too.
    expect((await c.admin.post(`/kb/versions/${mine.body.version.id}/approve`, {})).status).toBe(409);

    const versions = await c.agent.get(`/kb/articles/${a.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  test('a rejection needs a reason, keeps the article as it was and is shown to the proposer', async () => {
    const a = await published(c.admin, { title: '占道洗车管理' });
    const v = await c.dispatcher.post(`/kb/articles/${a.id}/versions`, {
      ...proposal({ title: '占道洗车管理（错误修订）' }),
      baseVersion: a.version,
    });
    expect((await c.supervisor.post(`/kb/versions/${v.body.version.id}/reject`, {})).status).toBe(400);
    const rejected = await c.supervisor.post(`/kb/versions/${v.body.version.id}/reject`, {
      comment: '经营时间与城管局口径不一致，请核实',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.version).toMatchObject({
      status: 'rejected',
      reviewComment: '经营时间与城管局口径不一致，请核实',
    });
    const after = await c.dispatcher.get(`/kb/articles/${a.id}`);
    expect(after.body).toMatchObject({ title: '占道洗车管理', version: 1, pendingVersion: null });
    const history = await c.dispatcher.get(`/kb/articles/${a.id}/versions`);
    expect(history.body.items[0]).toMatchObject({ version: 2, status: 'rejected' });
    // Others than reviewers, the owner and proposers see only what was published.
    const agentHistory = await c.agent.get(`/kb/articles/${a.id}/versions`);
    expect(agentHistory.body.items.map((x: { status: string }) => x.status)).toEqual(['approved']);
    // After a rejection a new proposal is welcome again.
    const again = await c.dispatcher.post(`/kb/articles/${a.id}/versions`, { ...proposal(), baseVersion: 1 });
    expect(again.status).toBe(201);
    expect(again.body.version.version).toBe(3);
  });

  test('roles: agents cannot propose, only supervisors and admins review, and nobody else approves their own', async () => {
    expect((await c.agent.post('/kb/articles', proposal())).status).toBe(403);
    const v = await c.supervisor.post('/kb/articles', proposal({ title: '督办自拟条目' }));
    expect(v.status).toBe(201);
    const versionId = v.body.article.pendingVersion.id;
    for (const who of [c.agent, c.dispatcher, c.handler, c.manager]) {
      expect((await who.post(`/kb/versions/${versionId}/approve`, {})).status).toBe(403);
      expect((await who.post(`/kb/versions/${versionId}/reject`, { comment: '不同意' })).status).toBe(403);
      expect((await who.get('/kb/reviews')).status).toBe(403);
      expect((await who.post(`/kb/articles/${v.body.article.id}/archive`)).status).toBe(403);
    }
    const own = await c.supervisor.post(`/kb/versions/${versionId}/approve`, {});
    expect(own.status).toBe(403);
    expect((await c.admin.post(`/kb/versions/${versionId}/approve`, {})).status).toBe(200);
    // an admin may approve what they proposed themselves
    const adminOwn = await c.admin.post('/kb/articles', proposal({ title: '管理员自拟条目' }));
    expect(
      (await c.admin.post(`/kb/versions/${adminOwn.body.article.pendingVersion.id}/approve`, {})).status,
    ).toBe(200);
  });

  test('proposals are validated: dates in order, known categories', async () => {
    const dates = await c.admin.post(
      '/kb/articles',
      proposal({ effectiveFrom: '2026-05-01', expiresOn: '2026-04-01' }),
    );
    expect(dates.status).toBe(400);
    expect(dates.body.error.details.fields.expiresOn).toBeDefined();
    const unknown = await c.admin.post(
      '/kb/articles',
      proposal({ categoryIds: ['00000000-0000-4000-8000-000000000000'] }),
    );
    expect(unknown.status).toBe(422);
    const empty = await c.admin.post('/kb/articles', proposal({ bodyHtml: '<script>alert(1)</script>' }));
    expect(empty.status).toBe(400);
  });
});

describe('what each user sees', () => {
  test('expired, future and archived articles are hidden from agents; reviewers and the owner still list them', async () => {
    const expired = await published(c.handler, {
      title: '旧版摊点政策',
      effectiveFrom: daysFromToday(-400),
      expiresOn: daysFromToday(-10),
    });
    const endsToday = await published(c.handler, {
      title: '今日到期摊点通知',
      effectiveFrom: daysFromToday(-40),
      expiresOn: today(),
    });
    const future = await published(c.handler, { title: '明年摊点新规', effectiveFrom: daysFromToday(30) });
    const archived = await published(c.handler, { title: '已撤销摊点口径' });
    expect((await c.supervisor.post(`/kb/articles/${archived.id}/archive`)).status).toBe(200);
    expect((await c.supervisor.post(`/kb/articles/${archived.id}/archive`)).status).toBe(409);

    const hidden = [expired, endsToday, future, archived];
    const agentSees = await searchTitles(c.agent, '摊点 政策 通知 新规 口径');
    for (const a of hidden) {
      expect(agentSees).not.toContain(a.title);
      expect((await c.agent.get(`/kb/articles/${a.id}`)).status).toBe(404);
      expect((await c.dispatcher.get(`/kb/articles/${a.id}`)).status).toBe(404);
    }
    const agentList = await c.agent.get('/kb/articles?includeExpired=true&limit=100');
    const agentIds = agentList.body.items.map((a: { id: string }) => a.id);
    for (const a of hidden) expect(agentIds).not.toContain(a.id);
    expect(agentList.body.items.every((a: { status: string }) => a.status === 'published')).toBe(true);

    const all = await c.supervisor.get('/kb/articles?includeExpired=true&limit=100');
    const byId = new Map(all.body.items.map((a: { id: string }) => [a.id, a]));
    expect(byId.get(expired.id)).toMatchObject({ expired: true, status: 'published' });
    expect(byId.get(endsToday.id)).toMatchObject({ expired: true });
    expect(byId.get(archived.id)).toMatchObject({ status: 'archived' });
    const current = await c.supervisor.get('/kb/articles?limit=100');
    expect(current.body.items.map((a: { id: string }) => a.id)).not.toContain(expired.id);
    // the owning unit lists its own expired article; another unit does not
    const own = await c.manager.get(`/kb/articles?includeExpired=true&ownerUnitId=${c.cgjUnitId}&limit=100`);
    expect(own.body.items.map((a: { id: string }) => a.id)).toContain(expired.id);
    const other = await tnStreet.get('/kb/articles?includeExpired=true&limit=100');
    expect(other.body.items.map((a: { id: string }) => a.id)).not.toContain(expired.id);
    expect((await tnStreet.get(`/kb/articles/${expired.id}`)).status).toBe(404);
  });

  test('the management list pages with a cursor and filters by status and text', async () => {
    const first = await c.supervisor.get('/kb/articles?includeExpired=true&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await c.supervisor.get(
        `/kb/articles?includeExpired=true&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const a of page.body.items) {
        expect(seen.has(a.id)).toBe(false);
        seen.add(a.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    const { rows } = await pg.query('select count(*)::int as n from kb_articles');
    expect(seen.size).toBe(rows[0].n);
    const drafts = await c.supervisor.get('/kb/articles?status=draft&includeExpired=true&limit=100');
    expect(drafts.body.items.every((a: { status: string }) => a.status === 'draft')).toBe(true);
    const inCategory = await c.agent.get(`/kb/articles?categoryId=${categoryId}&limit=100`);
    expect(inCategory.body.items.length).toBeGreaterThan(0);
    expect(
      inCategory.body.items.every((a: { categoryIds: string[] }) => a.categoryIds.includes(categoryId)),
    ).toBe(true);
    const text = await c.supervisor.get(`/kb/articles?q=${encodeURIComponent('洗车')}&includeExpired=true`);
    expect(text.body.items.map((a: { title: string }) => a.title)).toEqual(['占道洗车管理']);
    expect((await c.supervisor.get('/kb/articles?cursor=nonsense')).status).toBe(400);
  });
});

describe('rich text is sanitised on the server', () => {
  test('scripts, event handlers, styles and javascript: links are stripped; safe markup is kept', async () => {
    const res = await c.admin.post(
      '/kb/articles',
      proposal({
        title: '带格式的条目',
        bodyHtml:
          '<h3 style="color:red">办理<strong>材料</strong></h3><script>alert(1)</script>' +
          '<p onclick="steal()">身份证<img src=x onerror="alert(2)">和照片</p>' +
          '<a href="javascript:alert(3)">点此</a><a href="https://www.changzhou.gov.cn">政府网</a>' +
          '<a href="tel:12345">12345</a><iframe src="https://evil.example"></iframe>' +
          '<table><tr><td>窗口</td><td>一楼</td></tr></table>',
      }),
    );
    expect(res.status).toBe(201);
    const html: string = res.body.article.bodyHtml;
    for (const bad of [
      '<script',
      'alert',
      'onclick',
      'onerror',
      '<img',
      'style=',
      'javascript:',
      '<iframe',
    ]) {
      expect(html).not.toContain(bad);
    }
    expect(html).toContain('<h3>办理<strong>材料</strong></h3>');
    expect(html).toContain('href="https://www.changzhou.gov.cn"');
    expect(html).toContain('href="tel:12345"');
    expect(html).toContain('<td>窗口</td>');
    expect(res.body.article.pendingVersion.bodyHtml).toBe(html);
    const { rows } = await pg.query('select body_text from kb_articles where id = $1', [res.body.article.id]);
    expect(rows[0].body_text).toBe('办理材料 身份证和照片 点此政府网12345窗口 一楼');
  });
});

describe('即时办结 citing an article', () => {
  test('answering with an article counts the citation and records it with the ticket', async () => {
    const a = await published(c.admin, { title: '夜市经营时间答复口径' });
    const ticket = await createTicket(c, { type: 'consultation', title: '咨询夜市经营时间' });
    const viewed = await c.agent.get(`/kb/articles/${a.id}`);
    expect(viewed.status).toBe(200);
    const res = await c.agent.post(`/tickets/${ticket.id}/answer`, {
      answer: '已告知夜市经营时间',
      articleId: a.id,
    });
    expect(res.status).toBe(200);
    expect(res.body.ticket.status).toBe('resolved');

    const after = await c.agent.get(`/kb/articles/${a.id}`);
    expect(after.body.usageCount).toBe(1);
    const { rows } = await pg.query(
      'select kind, ticket_id, user_id from kb_usage where article_id = $1 order by id',
      [a.id],
    );
    expect(rows.map((r) => r.kind)).toEqual(['view', 'cite', 'view']);
    expect(rows[1]).toMatchObject({ ticket_id: ticket.id, user_id: expect.any(String) });
    const timeline = await c.agent.get(`/tickets/${ticket.id}/timeline`);
    const answered = timeline.body.items.find((e: { toStatus: string }) => e.toStatus === 'resolved');
    expect(answered.payload).toMatchObject({ articleId: a.id, articleTitle: '夜市经营时间答复口径' });
  });

  test('an article that is not live is refused with 422 and the ticket is left exactly as it was', async () => {
    const draft = await c.admin.post('/kb/articles', proposal({ title: '未审核口径' }));
    const expired = await published(c.admin, {
      title: '过期口径',
      effectiveFrom: daysFromToday(-100),
      expiresOn: daysFromToday(-1),
    });
    for (const articleId of [draft.body.article.id, expired.id, '00000000-0000-4000-8000-000000000000']) {
      const ticket = await createTicket(c, { type: 'consultation', title: '咨询摊点政策' });
      const res = await c.agent.post(`/tickets/${ticket.id}/answer`, { answer: '已答复', articleId });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('UNPROCESSABLE');
      const t = await c.agent.get(`/tickets/${ticket.id}`);
      expect(t.body.ticket ?? t.body).toMatchObject({ status: ticket.status, version: ticket.version });
      const { rows } = await pg.query('select count(*)::int as n from kb_usage where ticket_id = $1', [
        ticket.id,
      ]);
      expect(rows[0].n).toBe(0);
      const events = await pg.query('select type from ticket_events where ticket_id = $1', [ticket.id]);
      expect(events.rows.map((e) => e.type)).not.toContain('ticket.answered');
    }
    const { rows } = await pg.query('select usage_count from kb_articles where id = $1', [expired.id]);
    expect(rows[0].usage_count).toBe(0);
  });
});
