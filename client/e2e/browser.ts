import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium driven by playwright-core; never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-cjk\` (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A separate browser context (own cookies) signed in through the login form. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  password = 'Hotline@12345',
): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await ctx.newPage();
  await page.goto(baseUrl);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('[data-testid=login-submit]');
  // The list for the hotline, the urgency board for units (their landing pages).
  await page.waitForSelector('[data-testid=list-count], [data-testid=unit-desk]');
  return page;
}

/** Picks an option of an antd Select / TreeSelect by typing into it and clicking the match. */
export async function pick(page: Page, inputSelector: string, text: string, exact = text): Promise<void> {
  await page.click(inputSelector, { force: true });
  // searchable selects take the text; plain ones are read-only and just open their list
  if (!(await page.locator(inputSelector).evaluate((el) => (el as HTMLInputElement).readOnly))) {
    await page.fill(inputSelector, text);
  }
  const option = page
    .locator(
      `.ant-select-dropdown:visible .ant-select-item-option[title="${exact}"], .ant-select-dropdown:visible .ant-select-tree-node-content-wrapper[title$=" ${exact}"], .ant-select-dropdown:visible .ant-select-tree-node-content-wrapper[title="${exact}"]`,
    )
    .first();
  await option.click();
}

export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR;
export async function shot(page: Page, name: string): Promise<void> {
  if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
}
