import type { Browser, Page, Response } from 'playwright-core';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { startTestWorkers } from '../../workers/test/support/worker-harness';
import type { TRunningWorkers } from '../../workers/src';
import { launchBrowser, pick, shot, signedInPage } from './browser';

/** How long another user's open screen may take to show a change (acceptance: within a second). */
const LIVE_MS = 1000;

let s: TTestServer;
let workers: TRunningWorkers;
let browser: Browser;

beforeAll(async () => {
  s = await startTestServer('e2e_console');
  workers = await startTestWorkers(s);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await s?.stop();
});

/** Clicks an action button, fills its form, submits, and waits for the API to answer 200. */
async function doAction(page: Page, action: string, fill?: (p: Page) => Promise<void>): Promise<void> {
  await page.click(`[data-testid=action-${action}]`);
  await page.waitForSelector('.ant-modal:visible [data-testid=action-submit]');
  if (fill) await fill(page);
  const answered = page.waitForResponse(
    (r: Response) => r.url().endsWith(`/${action}`) && r.request().method() === 'POST',
  );
  await page.click('.ant-modal:visible [data-testid=action-submit]');
  const res = await answered.catch(async (err: Error) => {
    await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? '/tmp'}/failed-${action}.png` });
    throw new Error(`${action}: ${err.message}`);
  });
  expect({ action, status: res.status() }).toEqual({ action, status: 200 });
  // The dialog closes with an animation: the next action must not click this one's button.
  await page.locator('.ant-modal [data-testid=action-submit]').waitFor({ state: 'detached' });
}

/** The other user's already-open screen shows the timeline entry without a reload. */
async function seesLive(page: Page, eventType: string): Promise<void> {
  await page
    .locator(`[data-testid="timeline-${eventType}"]`)
    .first()
    .waitFor({ state: 'visible', timeout: LIVE_MS });
}

test('a ticket goes from the agent through dispatch, sign, reply, review, callback and close, live on every open screen', async () => {
  const [agent, dispatcher, handler, supervisor] = (await Promise.all(
    ['agent1', 'dispatcher1', 'cgj_handler', 'supervisor1'].map((u) => signedInPage(browser, s.url, u)),
  )) as [Page, Page, Page, Page];
  // Full page loads after sign-in: the console must never need one to show a change.
  const reloads = new Map<Page, number>();
  for (const p of [agent, dispatcher, handler, supervisor]) {
    reloads.set(p, 0);
    p.on('load', () => reloads.set(p, reloads.get(p)! + 1));
  }

  // The agent registers the citizen's complaint.
  await agent.click('text=新建工单');
  await agent.waitForSelector('#title');
  await agent.fill('#citizen_phone', '13812345678');
  await agent.fill('#citizen_name', '王先生');
  await pick(agent, '#type', '投诉');
  await pick(agent, '#categoryId', '违章建筑');
  await agent.fill('#title', '小区楼顶违章搭建');
  await agent.fill('#description', '天宁区某小区顶楼住户私自搭建彩钢房，影响楼下住户安全。');
  await agent.fill('#address', '天宁区青龙街道龙锦路 1 号');
  await shot(agent, 'agent-create');
  await agent.click('[data-testid=create-submit]');
  await agent.waitForSelector('[data-testid=ticket-no]');
  const no = (await agent.textContent('[data-testid=ticket-no]'))!.trim();
  expect(no).toMatch(/^\d{14}$/);

  // The supervisor's list, open all along, shows the new ticket by itself.
  await supervisor.locator(`[data-testid=ticket-row-${no}]`).waitFor({ timeout: LIVE_MS });
  await shot(supervisor, 'supervisor-list');

  // The dispatcher finds it in the list (it arrived live too) and dispatches it to 市城管局.
  await dispatcher.locator(`[data-testid=ticket-row-${no}]`).waitFor({ timeout: LIVE_MS });
  await dispatcher.click(`[data-testid=ticket-row-${no}]`);
  await dispatcher.waitForSelector('[data-testid=action-dispatch]');
  await doAction(dispatcher, 'dispatch', async (p) => {
    // the category's default unit is proposed; make sure it is 市城管局
    const chosen = await p
      .locator('.ant-modal:visible .ant-select-content, .ant-modal:visible .ant-select-selection-item')
      .first()
      .textContent();
    if (!chosen?.includes('市城管局'))
      await pick(p, '.ant-modal:visible input[id$="_unitId"]', '城管', '市城管局');
  });
  await seesLive(agent, 'ticket.dispatched');

  // The unit's urgency board (its landing page) gets it live; the handler signs for it and replies.
  await handler.locator(`[data-testid=unit-todo-row-${no}]`).waitFor({ timeout: LIVE_MS });
  await shot(handler, 'unit-inbox');
  await handler.click(`[data-testid=wb-open-${no}]`);
  await handler.waitForSelector('[data-testid=action-sign]');
  await doAction(handler, 'sign');
  await seesLive(dispatcher, 'ticket.signed');
  await doAction(handler, 'reply', async (p) => {
    await p.fill(
      '.ant-modal:visible textarea[id$="_content"]',
      '经现场核查，违建已责令当事人于三日内自行拆除，我局将跟踪督促。',
    );
  });
  await seesLive(dispatcher, 'ticket.replied');
  await seesLive(agent, 'ticket.replied');

  // The dispatcher approves the reply; the agent calls the citizen back and closes the ticket.
  await doAction(dispatcher, 'approve-reply');
  await seesLive(agent, 'ticket.reply_approved');
  await doAction(agent, 'callback', async (p) => {
    await p.locator('.ant-modal:visible .ant-radio-button-wrapper', { hasText: /^满意$/ }).click();
  });
  await seesLive(handler, 'ticket.callback_recorded');
  await doAction(agent, 'close');
  await seesLive(handler, 'ticket.closed');
  await seesLive(dispatcher, 'ticket.closed');
  await shot(agent, 'ticket-detail');

  expect(await handler.getAttribute('[data-testid=status-tag]', 'data-status')).toBe('closed');
  const listed = await (await agent.context().request.get(`${s.url}/api/v1/tickets?q=${no}`)).json();
  expect(listed.items[0].status).toBe('closed');
  // Everything above arrived without a single reload of any page.
  expect([...reloads.values()]).toEqual([0, 0, 0, 0]);
}, 120_000);
