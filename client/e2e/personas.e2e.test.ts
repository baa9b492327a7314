import type { Browser, Page, Response } from 'playwright-core';
import { callScript, CTI_ENV, newCallId, postCti, ringing } from '../../server/test/channels/cti.fixtures';
import { signInCast } from '../../server/test/support/drive';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { startTestWorkers } from '../../workers/test/support/worker-harness';
import type { TRunningWorkers } from '../../workers/src';
import { launchBrowser, pick, shot, signedInPage } from './browser';

/**
 * Acceptance walk of issue #5: each persona works from their own screen (agent desk and call pop,
 * 派单台, the unit's urgency board, the manager's 待签发, the 回访 list, 监督总览), and every change
 * reaches the other personas' already-open screens live, without a reload.
 */
const LIVE_MS = 3000;

let s: TTestServer;
let workers: TRunningWorkers;
let browser: Browser;

beforeAll(async () => {
  s = await startTestServer('e2e_personas', { env: CTI_ENV });
  workers = await startTestWorkers(s);
  browser = await launchBrowser();
  // 市城管局 replies leave the unit only after its manager signs them off (审核签发).
  const c = await signInCast(s);
  const res = await c.admin.call('PATCH', `/units/${c.cgjUnitId}`, { replySignoff: true });
  expect(res.status).toBe(200);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await s?.stop();
});

/** Submits the open action dialog and waits for the API's 200 and for the dialog to be gone. */
async function submitDialog(
  page: Page,
  action: string,
  button = '[data-testid=action-submit]',
): Promise<void> {
  const answered = page.waitForResponse(
    (r: Response) => r.url().endsWith(`/${action}`) && r.request().method() === 'POST',
  );
  // Click once the dialog has finished its zoom-in (a click mid-animation can land on nothing).
  const submit = page.locator(`.ant-modal:visible ${button}`);
  await submit.waitFor();
  await page.waitForFunction(() => !document.querySelector('.ant-zoom-appear, .ant-zoom-enter'));
  await submit.click();
  const res = await answered.catch(async (err: Error) => {
    // Say what the dialog showed instead of a bare timeout (a field error, a toast, a spinner).
    const dialog = await page
      .locator('.ant-modal:visible')
      .innerText()
      .catch(() => '(no dialog)');
    const toast = await page
      .locator('.ant-message')
      .innerText()
      .catch(() => '');
    throw new Error(`${action}: no POST answered (${err.message}); dialog: ${dialog}; message: ${toast}`);
  });
  expect({ action, status: res.status() }).toEqual({ action, status: 200 });
  await page.locator(`.ant-modal ${button}`).waitFor({ state: 'detached' });
}

async function menu(page: Page, label: string): Promise<void> {
  await page.click(`.ant-menu-item:has-text("${label}")`);
}

async function statValue(page: Page, id: string): Promise<string> {
  return ((await page.textContent(`[data-testid=stat-${id}]`)) ?? '').trim();
}

async function waitStat(page: Page, id: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([sel, v]) => document.querySelector(sel!)?.textContent?.trim() === v,
    [`[data-testid=stat-${id}]`, value],
    { timeout: LIVE_MS },
  );
}

test('agent, dispatcher, unit handler, unit manager, agent call-back and supervisor each work from their own screen, live', async () => {
  const names = ['agent1', 'dispatcher1', 'cgj_handler', 'cgj_manager', 'supervisor1'] as const;
  const [agent, dispatcher, handler, manager, supervisor] = (await Promise.all(
    names.map((u) => signedInPage(browser, s.url, u)),
  )) as [Page, Page, Page, Page, Page];
  const reloads = new Map<Page, number>();
  for (const p of [agent, dispatcher, handler, manager, supervisor]) {
    reloads.set(p, 0);
    p.on('load', () => reloads.set(p, reloads.get(p)! + 1));
  }

  // Everyone opens their screen first; from here on nobody reloads.
  await menu(supervisor, '监督总览');
  await supervisor.waitForSelector('[data-testid=stat-received]');
  await waitStat(supervisor, 'received', '0');
  await menu(dispatcher, '派单台');
  await dispatcher.waitForSelector('[data-testid=dispatch-desk]');
  await manager.click('.ant-tabs-tab:has-text("待签发")');
  await agent.click('text=未接来电');
  await agent.fill('[data-testid=agent-extension]', '8301');
  await agent.click('[data-testid=agent-extension-save]');
  await agent.waitForSelector('[data-testid=agent-extension-current]:has-text("8301")');

  // 1. A call rings at the agent's desk: the pop has the caller; 新建工单 starts the form from it.
  const phone = '13861230001';
  const callId = newCallId();
  const [ring] = callScript(callId, new Date(), [{ atS: 0, ...ringing(phone, '8301') }]);
  expect((await postCti(s, JSON.stringify(ring))).status).toBe(200);
  await agent.waitForSelector('[data-testid=call-popup]', { timeout: LIVE_MS });
  await agent.click('[data-testid=call-popup-create]');
  await agent.waitForSelector('#citizen_phone');
  expect(await agent.inputValue('#citizen_phone')).toBe(phone);
  await agent.fill('#citizen_name', '赵先生');
  await pick(agent, '#type', '投诉');
  await pick(agent, '#categoryId', '违章建筑');
  await agent.fill('#title', '楼顶违章搭建彩钢房');
  await agent.fill('#description', '天宁区某小区顶楼住户私自搭建彩钢房，存在安全隐患，请城管部门处理。');
  await agent.fill('#address', '天宁区青龙街道龙锦路 8 号');
  await agent.keyboard.press('Control+Enter');
  await agent.waitForSelector('[data-testid=ticket-no]');
  const no = (await agent.textContent('[data-testid=ticket-no]'))!.trim();
  expect(no).toMatch(/^\d{14}$/);

  // The supervisor's 今日受理 moves; the dispatcher's 待派单 gets the row, both live.
  await waitStat(supervisor, 'received', '1');
  await dispatcher.locator(`[data-testid=to-dispatch-row-${no}]`).waitFor({ timeout: LIVE_MS });
  await shot(dispatcher, 'persona-dispatch-desk');

  // 2. The dispatcher sends it to the suggested unit with one click.
  await dispatcher.locator(`[data-testid=top-suggestion-${no}]:has-text("市城管局")`).waitFor();
  const dispatched = dispatcher.waitForResponse(
    (r) => r.url().endsWith('/dispatch') && r.request().method() === 'POST',
  );
  await dispatcher.click(`[data-testid=dispatch-one-click-${no}]`);
  expect((await dispatched).status()).toBe(200);
  await dispatcher.locator(`[data-testid=to-dispatch-row-${no}]`).waitFor({ state: 'detached' });

  // 3. The unit's urgency board gets it live, with its sign-for countdown; the handler signs and drafts the reply.
  const row = handler.locator(`[data-testid=unit-todo-row-${no}]`);
  await row.waitFor({ timeout: LIVE_MS });
  await shot(handler, 'persona-unit-desk');
  await handler.click(`[data-testid=quick-sign-${no}]`);
  await submitDialog(handler, 'sign');
  await handler.locator(`[data-testid=quick-reply-${no}]`).waitFor({ timeout: LIVE_MS });
  await handler.click(`[data-testid=quick-reply-${no}]`);
  await handler.fill(
    '.ant-modal:visible textarea[id$="_content"]',
    '经现场核查，违建已责令当事人三日内自行拆除，我局将跟踪督促。',
  );
  await submitDialog(handler, 'reply');

  // 4. The draft waits in the manager's 待签发, live; the manager signs it off from the ticket.
  await manager.locator(`[data-testid=unit-signoff-row-${no}]`).waitFor({ timeout: LIVE_MS });
  await shot(manager, 'persona-unit-signoff');
  await manager.click(`[data-testid=unit-signoff-row-${no}] [data-testid=wb-open-${no}]`);
  await manager.click('[data-testid=action-signoff-reply]');
  await manager.waitForSelector('.ant-modal:visible [data-testid=action-submit]');
  await submitDialog(manager, 'signoff-reply');
  // The supervisor's 在办 workload is still the one ticket; the reply reached the hotline.
  expect(await statValue(supervisor, 'open')).toBe('1');

  // 5. The dispatcher, who kept the desk open, reviews the reply from the ticket list.
  await menu(dispatcher, '工单');
  await dispatcher.click(`[data-testid=ticket-row-${no}]`);
  await dispatcher.locator('[data-testid="timeline-ticket.replied"]').first().waitFor({ timeout: LIVE_MS });
  await dispatcher.click('[data-testid=action-approve-reply]');
  await dispatcher.waitForSelector('.ant-modal:visible [data-testid=action-submit]');
  await submitDialog(dispatcher, 'approve-reply');

  // 6. The agent's 回访 list gets it live; the survey records 满意, then the agent closes it.
  await menu(agent, '回访');
  await agent.locator(`[data-testid=callbacks-row-${no}]`).waitFor({ timeout: LIVE_MS });
  await agent.click(`[data-testid=callback-${no}]`);
  await agent.locator('.ant-modal:visible [data-testid=callback-reply]').waitFor();
  await agent
    .locator('.ant-modal:visible .ant-radio-wrapper, .ant-modal:visible .ant-radio-button-wrapper', {
      hasText: /^满意$/,
    })
    .click();
  await submitDialog(agent, 'callback', '[data-testid=callback-submit]');
  await agent.locator(`[data-testid=callbacks-row-${no}]`).waitFor({ state: 'detached', timeout: LIVE_MS });
  await menu(agent, '工单');
  await agent.click(`[data-testid=ticket-row-${no}]`);
  await agent.click('[data-testid=action-close]');
  await agent.waitForSelector('.ant-modal:visible [data-testid=action-submit]');
  await submitDialog(agent, 'close');

  // 7. The supervisor's numbers moved by themselves: closed, on time, satisfied, nothing open.
  await waitStat(supervisor, 'closed', '1');
  await waitStat(supervisor, 'open', '0');
  await waitStat(supervisor, 'satisfaction', '100.00%');
  await waitStat(supervisor, 'on-time', '100.00%');
  await shot(supervisor, 'persona-overview');

  // The timeline tells the whole story in order, with the manager's sign-off before the reply.
  const types = await agent.$$eval('[data-testid^="timeline-ticket."]', (els) =>
    els.map((e) => e.getAttribute('data-testid')!.replace('timeline-', '')),
  );
  const order = [
    'ticket.created',
    'ticket.dispatched',
    'ticket.signed',
    'ticket.reply_submitted',
    'ticket.reply_signed_off',
    'ticket.replied',
    'ticket.reply_approved',
    'ticket.callback_recorded',
    'ticket.closed',
  ];
  const seen = order.map((t) => types.indexOf(t));
  expect({ seen, sorted: [...seen].sort((a, b) => a - b) }).toEqual({ seen, sorted: seen });
  expect(seen.every((i) => i >= 0)).toBe(true);
  expect([...reloads.values()]).toEqual([0, 0, 0, 0, 0]);
}, 180_000);
