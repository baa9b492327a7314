import type { Browser } from 'playwright-core';
import { act, signInCast } from '../../server/test/support/drive';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { launchBrowser, pick, shot } from './browser';

let s: TTestServer;
let browser: Browser;

/** A real 1×1 PNG, picked under a .jpg name: the server goes by its bytes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  s = await startTestServer('e2e_portal', { env: { PORTAL_CAPTCHA: 'false' } });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

test('a citizen submits a request on the portal without signing in, gets a tracking number and tracks it to the reply', async () => {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await ctx.newPage();
  await page.goto(`${s.url}/portal`);
  await page.waitForSelector('[data-testid=portal-submit]');
  expect(await page.locator('#username').count()).toBe(0);

  await pick(page, '#type', '投诉');
  await pick(page, '#categoryId', '违章建筑');
  await page.fill('#description', '小区楼顶有住户私自搭建彩钢房，已持续一个月，存在安全隐患。');
  await page.fill('#address', '天宁区青龙街道龙锦路 1 号');
  await page.fill('#phone', '13811112222');
  await page.fill('#name', '陈先生');
  await page.setInputFiles('input[type=file]', { name: 'roof.jpg', mimeType: 'image/png', buffer: PNG });
  await page.locator('.ant-upload-list-item').first().waitFor();
  await shot(page, 'portal-submit');
  await page.click('[data-testid=portal-submit]');

  await page.waitForSelector('[data-testid=portal-tracking-no]');
  const trackingNo = (await page.textContent('[data-testid=portal-tracking-no]'))!.trim();
  const queryCode = (await page.textContent('[data-testid=portal-query-code]'))!.trim();
  expect(trackingNo).toMatch(/^\d{14}$/);
  expect(queryCode).toMatch(/^\d{6}$/);
  await shot(page, 'portal-success');

  const stored = await s.ctx.pool.query(
    `select t.id, t.channel, (select count(*)::int from attachments a where a.ticket_id = t.id and a.mime_type = 'image/png') as images
       from tickets t where t.no = $1`,
    [trackingNo],
  );
  expect(stored.rows[0]).toEqual(expect.objectContaining({ channel: 'web', images: 1 }));

  // Straight to tracking: the number is filled in, the citizen types the query code.
  await page.click('button:has-text("查询办理进度")');
  await page.waitForSelector('[data-testid=portal-track-submit]');
  expect(await page.inputValue('#trackingNo')).toBe(trackingNo);
  await page.fill('#queryCode', queryCode);
  await page.click('[data-testid=portal-track-submit]');
  await page.waitForSelector('[data-testid=portal-track-status]');
  expect((await page.textContent('[data-testid=portal-track-status]'))!.trim()).toBe('已登记');

  // The hotline handles it; the citizen tracks again and reads the approved reply.
  const c = await signInCast(s);
  for (const action of ['dispatch', 'sign', 'reply', 'approve-reply'] as const) {
    expect((await act(c, stored.rows[0].id, action)).status).toBe(200);
  }
  await page.click('[data-testid=portal-track-submit]');
  await page.locator('[data-testid=portal-track-status]', { hasText: '已办结' }).waitFor();
  expect(await page.textContent('[data-testid=portal-track-reply]')).toContain('已安排人员补装井盖');
  const body = (await page.textContent('body'))!;
  for (const secret of ['13811112222', '陈先生', '龙锦路']) expect(body).not.toContain(secret);
  await shot(page, 'portal-track');
  await ctx.close();
});
