import type { Browser, Page } from 'playwright-core';
import { signInCast, type TCast } from '../../server/test/support/drive';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { startTestWorkers } from '../../workers/test/support/worker-harness';
import type { TRunningWorkers } from '../../workers/src';
import { launchBrowser, shot, signedInPage } from './browser';

// A supervisor keeps 监督总览 open while the hotline works: each change reaches the screen through
// the outbox relay, the socket and the page's one-second refresh, with no reload.
let s: TTestServer;
let workers: TRunningWorkers;
let browser: Browser;
let c: TCast;

beforeAll(async () => {
  s = await startTestServer('e2e_overview');
  workers = await startTestWorkers(s);
  browser = await launchBrowser();
  c = await signInCast(s);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await s?.stop();
});

const stat = (page: Page, id: string) => page.locator(`[data-testid=stat-${id}]`);

async function expectStat(page: Page, id: string, value: string, timeout = 5000): Promise<void> {
  await page.waitForFunction(
    ([sel, v]) => document.querySelector(sel!)?.textContent?.trim() === v,
    [`[data-testid=stat-${id}]`, value],
    { timeout },
  );
}

test('the supervisor sees the numbers move live and opens the tickets behind one', async () => {
  const page = await signedInPage(browser, s.url, 'supervisor1');
  await page.click('.ant-menu-item:has-text("监督总览")');
  await page.waitForURL('**/overview');
  await expectStat(page, 'received', '0');
  await expectStat(page, 'open', '0');

  const first = (
    await c.agent.post('/tickets', {
      type: 'complaint',
      title: '小区门口占道经营',
      description: '每天傍晚有摊贩占用人行道经营，行人只能走机动车道',
      citizen: { phone: '13900001111' },
    })
  ).body.ticket as { id: string; no: string };
  await expectStat(page, 'received', '1');
  await expectStat(page, 'open', '1');

  await c.dispatcher.post(`/tickets/${first.id}/dispatch`, { unitId: c.cgjUnitId });
  await page.waitForSelector(`[data-testid=unit-open-${c.cgjUnitId}]`, { timeout: 5000 });
  expect((await page.textContent(`[data-testid=unit-open-${c.cgjUnitId}]`))?.trim()).toBe('1');

  for (const [who, action, body] of [
    ['handler', 'sign', {}],
    ['handler', 'reply', { content: '已联系城管中队清理', solved: true }],
    ['dispatcher', 'approve-reply', {}],
    ['agent', 'callback', { satisfaction: 'satisfied' }],
    ['agent', 'close', {}],
  ] as const) {
    const res = await c[who].post(`/tickets/${first.id}/${action}`, body);
    expect({ action, status: res.status }).toEqual({ action, status: 200 });
  }
  await expectStat(page, 'closed', '1');
  await expectStat(page, 'open', '0');
  await expectStat(page, 'on-time', '100.00%');
  await expectStat(page, 'satisfaction', '100.00%');
  expect(await stat(page, 'overdue').textContent()).toBe('0');
  await shot(page, 'supervisor-overview');

  // 今日受理 opens the list of the tickets filed today, closed ones included
  await page.click('[data-testid=stat-received]');
  await page.waitForURL(/\/tickets\?/);
  await page.waitForSelector('[data-testid=list-scope]');
  await page.waitForSelector(`text=${first.no}`);
});
