import type { Browser } from 'playwright-core';
import { callScript, CTI_ENV, newCallId, postCti, ringing } from '../../server/test/channels/cti.fixtures';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { launchBrowser, shot, signedInPage } from './browser';

/** Acceptance: the caller's history is on the agent's screen within a second of the ring. */
const POP_MS = 1000;

let s: TTestServer;
let browser: Browser;

beforeAll(async () => {
  s = await startTestServer('e2e_screen_pop', { env: CTI_ENV });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

test("a ringing call pops the caller's earlier tickets on the agent's screen within a second", async () => {
  const phone = '13900002468';
  const api = await s.login('agent1');
  const earlier = await api.post('/tickets', {
    type: 'complaint',
    title: '夜间施工噪音扰民',
    description: '小区旁工地夜间十一点后仍在施工，噪音很大。',
    citizen: { phone, name: '周先生' },
  });
  expect(earlier.status).toBe(201);
  const no: string = earlier.body.ticket.no;

  // agent1 signs in and registers the desk's extension.
  const page = await signedInPage(browser, s.url, 'agent1');
  await page.click('text=未接来电');
  await page.fill('[data-testid=agent-extension]', '8301');
  await page.click('[data-testid=agent-extension-save]');
  await page.waitForSelector('[data-testid=agent-extension-current]:has-text("8301")');

  const callId = newCallId();
  const [ring] = callScript(callId, new Date(), [{ atS: 0, ...ringing(phone, '8301') }]);
  const sent = Date.now();
  const res = await postCti(s, JSON.stringify(ring));
  expect(res.status).toBe(200);
  await page.locator(`[data-testid=call-popup-ticket-${no}]`).waitFor({ state: 'visible', timeout: POP_MS });
  expect(Date.now() - sent).toBeLessThan(POP_MS);
  await shot(page, 'screen-pop');

  const popup = page.locator('[data-testid=call-popup]');
  await expect(popup.locator('[data-testid=call-popup-caller]').textContent()).resolves.toContain(phone);
  await expect(popup.textContent()).resolves.toContain('周先生');
  await expect(page.locator(`[data-testid=call-popup-ticket-${no}]`).textContent()).resolves.toContain(
    '夜间施工噪音扰民',
  );

  // 「新建工单」 opens the create form with the caller's number, linked to the call.
  await page.click('[data-testid=call-popup-create]');
  await page.waitForSelector('#citizen_phone');
  await expect(page.inputValue('#citizen_phone')).resolves.toBe(phone);
  expect(new URL(page.url()).searchParams.get('callId')).toBe(callId);
});
