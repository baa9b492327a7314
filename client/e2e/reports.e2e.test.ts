import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { applyKpiRollup } from '../../server/src/modules/kpi/kpi-rollup';
import { signInCast, ticketInStatus } from '../../server/test/support/drive';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { launchBrowser, shot, signedInPage } from './browser';

// A supervisor opens 报表: the page starts on last month, shows the figures the events give and
// the work-report paragraph, and the XLSX download is a real workbook. An agent may not see it.
// The server's clock sits in the middle of last month, so the page's default period holds the work.
const real = new Date();
const MID_LAST_MONTH = new Date(Date.UTC(real.getUTCFullYear(), real.getUTCMonth() - 1, 15, 2, 0, 0));

let s: TTestServer;
let browser: Browser;

beforeAll(async () => {
  s = await startTestServer('e2e_reports', { clock: () => MID_LAST_MONTH });
  const c = await signInCast(s);
  await ticketInStatus(c, 'closed');
  await ticketInStatus(c, 'closed');
  await ticketInStatus(c, 'returned');
  await applyKpiRollup(s.ctx.db);
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

test('the supervisor reads last month’s figures and paragraph and downloads the workbook', async () => {
  const page = await signedInPage(browser, s.url, 'supervisor1');
  await page.click('.ant-menu-item:has-text("报表")');
  const paragraph = page.locator('[data-testid=report-paragraph]');
  await paragraph.filter({ hasText: '按时办结率100%' }).waitFor();
  const text = await paragraph.innerText();
  expect(text).toContain('群众满意率100%');
  const card = (title: string) =>
    page.locator('.ant-card', { has: page.locator(`.ant-statistic-title:text-is("${title}")`) });
  expect((await card('受理工单').locator('.ant-statistic-content').innerText()).trim()).toBe('3');
  await shot(page, 'reports');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('a:has-text("XLSX"), button:has-text("XLSX")'),
  ]);
  const file = await download.path();
  const head = fs.readFileSync(file!).subarray(0, 2).toString('latin1');
  expect(head).toBe('PK'); // an OOXML workbook is a zip
});

test('an agent gets no reports', async () => {
  const page = await signedInPage(browser, s.url, 'agent1');
  expect(await page.locator('.ant-menu-item:has-text("报表")').count()).toBe(0);
  await page.goto(`${s.url}/reports`);
  await page.locator('.ant-result-403').waitFor();
});
