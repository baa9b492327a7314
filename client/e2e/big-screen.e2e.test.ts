import type { Browser, Page } from 'playwright-core';
import { signInCast, type TCast } from '../../server/test/support/drive';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { startTestWorkers } from '../../workers/test/support/worker-harness';
import type { TRunningWorkers } from '../../workers/src';
import { CHANNEL_BAR_COLOR } from '../src/features/screen/screenOptions';
import { launchBrowser, shot } from './browser';

// The supervisor puts the big screen (大屏) on the wall at 1920×1080. Tickets registered through
// the API reach it through the roll-up worker, `kpi.updated` and the page's refetch; a click on
// a figure or a chart opens the tickets behind it.
let s: TTestServer;
let workers: TRunningWorkers;
let browser: Browser;
let c: TCast;

beforeAll(async () => {
  s = await startTestServer('e2e_big_screen');
  workers = await startTestWorkers(s);
  browser = await launchBrowser();
  c = await signInCast(s);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await s?.stop();
});

async function screenPage(): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await ctx.newPage();
  await page.goto(s.url);
  await page.fill('#username', 'supervisor1');
  await page.fill('#password', 'Hotline@12345');
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=list-count]');
  await page.click('.ant-menu-item:has-text("打开大屏")');
  await page.waitForURL('**/screen');
  await page.waitForSelector('[data-testid=screen-tickets-today]');
  return page;
}

const textOf = (page: Page, id: string) =>
  page
    .locator(`[data-testid=screen-${id}]`)
    .textContent()
    .then((t) => t?.trim());

async function expectFigure(page: Page, id: string, value: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([sel, v]) => document.querySelector(sel!)?.textContent?.trim() === v,
    [`[data-testid=screen-${id}]`, value],
    { timeout },
  );
}

test('the numbers move live and every figure opens its tickets', async () => {
  const page = await screenPage();
  // No console chrome: the stage fills the window.
  expect(await page.locator('.app-shell').count()).toBe(0);
  const stage = await page.locator('.screen-stage').boundingBox();
  expect(stage).toMatchObject({ x: 0, y: 0, width: 1920, height: 1080 });
  await expectFigure(page, 'tickets-today', '0');
  const clock = await page.locator('[data-testid=screen-clock]').textContent();
  expect(clock).toMatch(/\d{2}:\d{2}:\d{2}/);

  const filed: { id: string; no: string }[] = [];
  for (const title of ['小区门口占道经营', '夜间施工噪音扰民']) {
    const res = await c.agent.post('/tickets', {
      type: 'complaint',
      title,
      description: '每天傍晚有摊贩占用人行道经营，行人只能走机动车道',
      citizen: { phone: '13900001111' },
    });
    expect(res.status).toBe(201);
    filed.push(res.body.ticket);
  }
  await expectFigure(page, 'tickets-today', '2');
  await expectFigure(page, 'open', '2');
  expect(await textOf(page, 'on-time')).toBe('—');

  await c.dispatcher.post(`/tickets/${filed[0]!.id}/dispatch`, { unitId: c.cgjUnitId });
  await c.handler.post(`/tickets/${filed[0]!.id}/sign`, {});
  await c.handler.post(`/tickets/${filed[0]!.id}/reply`, { content: '已联系城管中队清理', solved: true });
  await expectFigure(page, 'on-time', '100.00%');
  await page.waitForSelector('[data-testid=screen-chart-ranking]', { timeout: 20_000 });
  await shot(page, 'big-screen');

  // The headline figure opens the tickets filed today.
  await page.click('[data-testid=screen-card-tickets-today]');
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid=screen-drill-ticket]').length === 2,
  );
  const nos = await page.locator('[data-testid=screen-drill-ticket]').allTextContents();
  expect(nos.sort()).toEqual(filed.map((f) => f.no).sort());
  await page.keyboard.press('Escape');
  await page.waitForSelector('.ant-drawer-open', { state: 'detached' });

  // A bar of the channel chart opens that channel's tickets. The chart redraws when live figures
  // arrive (and animates as it does): on a busy machine a click can land mid-redraw, so the bar is
  // found again and clicked again until the drawer opens.
  const bars = page.locator(`[data-testid=screen-chart-channel] path[fill="${CHANNEL_BAR_COLOR}"]`);
  const drawerTitle = page.locator('.ant-drawer-title:has-text("电话")');
  for (let attempt = 0; attempt < 5 && !(await drawerTitle.isVisible()); attempt++) {
    const boxes = await Promise.all((await bars.all()).map((b) => b.boundingBox()));
    const tallest = boxes.filter((b) => b && b.height > 2).sort((a, b) => b!.height - a!.height)[0];
    expect(tallest).toBeTruthy();
    await page.mouse.click(tallest!.x + tallest!.width / 2, tallest!.y + tallest!.height / 2);
    await drawerTitle.waitFor({ timeout: 4000 }).catch(() => undefined);
  }
  await page.waitForSelector('.ant-drawer-title:has-text("电话")');
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid=screen-drill-ticket]').length === 2,
  );
  // The drawer's slide-in has finished (the live badge pulses forever: only the drawer counts).
  await page.waitForFunction(() =>
    (document.querySelector('.ant-drawer')?.getAnimations({ subtree: true }) ?? []).every(
      (a) => a.playState !== 'running',
    ),
  );
  await shot(page, 'big-screen-drilldown');
}, 90_000);

test('a smaller window shows the whole stage, scaled', async () => {
  const page = await screenPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForFunction(() => {
    const r = document.querySelector('.screen-stage')!.getBoundingClientRect();
    return Math.abs(r.width - 1280) < 2 && Math.abs(r.height - 720) < 2;
  });
});
