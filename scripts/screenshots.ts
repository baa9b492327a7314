/**
 * `npm run screenshots`: signs in to the running demo as each persona and saves every console
 * screen (zh-CN, 1440×900) to docs/screenshots/, the pictures the README shows.
 *
 *   npm start                         # in another terminal: the demo on http://localhost:3000
 *   npm run screenshots               # or BASE_URL=http://127.0.0.1:3100 npm run screenshots
 *   npm run screenshots -- kb overview   # only the named shots
 *
 * Uses Debian's Chromium through playwright-core (CHROMIUM_PATH to override), never a download.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const PASSWORD = process.env.DEMO_PASSWORD ?? 'Hotline@12345';

type TShot = {
  name: string;
  user: string;
  /** The screen's address, or a function finding it (e.g. a ticket of the demo data). */
  path: string | ((page: Page) => Promise<string>);
  /** Waited for before the picture: the screen has its data. */
  ready: string;
  /** Optional interaction before the picture (open a dialog, type a query…). */
  prepare?: (page: Page) => Promise<void>;
  /** Window size when not the console's 1440×900 (the big screen is 1920×1080). */
  viewport?: { width: number; height: number };
};

/** The detail page of the newest ticket matching `query`, found through the API as the signed-in user. */
function firstTicket(query: string): (page: Page) => Promise<string> {
  return async (page) => {
    const res = await page.request.get(`${BASE_URL}/api/v1/tickets?${query}&limit=1`);
    const body = (await res.json()) as { items: { id: string }[] };
    if (!body.items[0]) throw new Error(`no ticket matches ${query}`);
    return `/tickets/${body.items[0].id}`;
  };
}

const SHOTS: TShot[] = [
  {
    name: 'agent-create',
    user: 'agent1',
    path: '/tickets/new',
    ready: '#title',
    prepare: async (page) => {
      await page.fill('#citizen_phone', '13861234567');
      await page.fill('#citizen_name', '王女士');
      await page.fill('#title', '社保卡丢了怎么补办');
      await page.fill(
        '#description',
        '市民来电咨询：社保卡不慎遗失，想了解补办需要带什么材料、在哪里办、多久能拿到。',
      );
      await page.waitForTimeout(1500); // debounced assists (duplicates, routing, knowledge base)
    },
  },
  { name: 'ticket-list', user: 'supervisor1', path: '/tickets', ready: '[data-testid=list-count]' },
  {
    name: 'ticket-detail',
    user: 'supervisor1',
    path: firstTicket('status=closed'),
    ready: '[data-testid=ticket-no]',
  },
  {
    name: 'dispatch-desk',
    user: 'dispatcher1',
    path: '/dispatch-desk',
    ready: '[data-testid=dispatch-desk]',
  },
  {
    name: 'dispatch-dialog',
    user: 'dispatcher1',
    path: firstTicket('status=registered'),
    ready: '[data-testid=action-dispatch]',
    prepare: async (page) => {
      await page.click('[data-testid=action-dispatch]');
      await page.waitForSelector('.ant-modal:visible [data-testid=action-submit]');
      await page.waitForTimeout(1200);
    },
  },
  { name: 'unit-inbox', user: 'cgj_handler', path: '/unit-desk', ready: '[data-testid=unit-desk]' },
  {
    name: 'unit-signoff',
    user: 'cgj_manager',
    path: '/unit-desk',
    ready: '[data-testid^=unit-todo-row-]',
    prepare: async (page) => {
      await page.locator('.ant-tabs-tab-btn', { hasText: '待签发' }).click();
      await page.locator('[data-testid^=unit-signoff-row-]').first().waitFor({ state: 'visible' });
    },
  },
  { name: 'callbacks', user: 'agent1', path: '/callbacks', ready: '[data-testid=callback-list]' },
  { name: 'triage', user: 'agent1', path: '/triage', ready: '[data-testid=triage-page]' },
  {
    name: 'knowledge-base',
    user: 'agent1',
    path: '/kb',
    ready: '[data-testid=kb-page]',
    prepare: async (page) => {
      await page.fill('[data-testid=kb-search] input', '孩子刚出生怎么上户口');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1000);
    },
  },
  {
    name: 'kb-review',
    user: 'supervisor1',
    path: '/kb',
    ready: '[data-testid=kb-page]',
    prepare: async (page) => {
      await page.click('.ant-tabs-tab:has-text("待审核")');
      await page.waitForTimeout(800);
    },
  },
  { name: 'overview', user: 'supervisor1', path: '/overview', ready: '[data-testid=stat-received]' },
  {
    name: 'big-screen',
    user: 'supervisor1',
    path: '/screen',
    ready: '[data-testid=screen-clock]',
    viewport: { width: 1920, height: 1080 },
    prepare: async (page) => {
      await page.waitForTimeout(1500); // the charts' entrance animations
    },
  },
  {
    name: 'rankings',
    user: 'supervisor1',
    path: '/rankings',
    ready: '[data-testid=run-assessment]',
    prepare: async (page) => {
      // Score last month if the monthly job has not run on this demo yet.
      if (!(await page.locator('[data-testid^=ranking-]').count())) {
        await page.click('[data-testid=run-assessment]');
        await page.waitForSelector('[data-testid^=ranking-]', { timeout: 15_000 });
      }
      await page.waitForTimeout(500);
    },
  },
  {
    name: 'reports',
    user: 'supervisor1',
    path: '/reports',
    ready: '[data-testid=report-paragraph]',
  },
  { name: 'hot-topics', user: 'supervisor1', path: '/hot-topics', ready: '[data-testid=hot-topics-page]' },
  { name: 'dispatch-catalogue', user: 'admin', path: '/admin/dispatch', ready: '.ant-table-row' },
  { name: 'portal', user: '', path: '/portal', ready: 'form' },
];

async function signIn(browser: Browser, user: string): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await ctx.newPage();
  await page.goto(BASE_URL);
  if (user) {
    await page.fill('#username', user);
    await page.fill('#password', PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=list-count], [data-testid=unit-desk]');
  }
  return page;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`);
  }
  const res = await fetch(`${BASE_URL}/healthz`).catch(() => null);
  if (!res?.ok) throw new Error(`no demo answering at ${BASE_URL}: start it with \`npm start\` first`);
  const only = new Set(process.argv.slice(2));
  const shots = only.size ? SHOTS.filter((s) => only.has(s.name)) : SHOTS;
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
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
  const failed: string[] = [];
  try {
    const pages = new Map<string, Page>();
    for (const shot of shots) {
      try {
        let page = pages.get(shot.user);
        if (!page) {
          page = await signIn(browser, shot.user);
          pages.set(shot.user, page);
        }
        await page.setViewportSize(shot.viewport ?? { width: 1440, height: 900 });
        const target = typeof shot.path === 'string' ? shot.path : await shot.path(page);
        await page.goto(`${BASE_URL}${target}`);
        await page.waitForSelector(shot.ready, { timeout: 15_000 });
        await shot.prepare?.(page);
        await page.waitForTimeout(400); // animations settle
        const file = path.join(OUT, `${shot.name}.png`);
        await page.screenshot({ path: file });
        console.log(`screenshot ${shot.name} → ${path.relative(process.cwd(), file)}`);
      } catch (err) {
        failed.push(shot.name);
        console.error(`screenshot ${shot.name} failed: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
  }
  if (failed.length) {
    console.error(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

void main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
