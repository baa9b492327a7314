import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { launchBrowser, signedInPage } from './browser';

// The console works under its strict Content-Security-Policy: no screen trips a violation.
let s: TTestServer;
let browser: Browser;
beforeAll(async () => {
  s = await startTestServer('e2e_csp');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

/** Every CSP violation the page reports, from the moment this is called. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction('reportCspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  return seen;
}

test('the console is served with a strict policy', async () => {
  const res = await fetch(`${s.url}/`);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});

test('the main screens run without a single violation', async () => {
  const page = await signedInPage(browser, s.url, 'supervisor1');
  const violations = await watchViolations(page);
  for (const path of [
    '/tickets',
    '/tickets/new',
    '/overview',
    '/rankings',
    '/reports',
    '/hot-topics',
    '/kb',
    '/screen',
  ]) {
    await page.goto(`${s.url}${path}`);
    await page.waitForLoadState('networkidle');
  }
  await page.locator('[data-testid=screen-clock]').waitFor();
  expect(violations).toEqual([]);
});
