// Shared set-up for the browser tests: serve the site, start Chromium, open pages that may only
// reach 127.0.0.1 and record whatever goes wrong on them, and find one concrete page of each type.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './server.js';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../../target/browser-artifacts');
export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

// Each index page, then one page of each kind found through its index (its first link to one).
const SECTIONS = [
  { index: 'reviews', item: 'week' },
  { index: 'incidents', item: 'incident' },
  { index: 'teams', item: 'team' },
  { index: 'services', item: 'service' },
  { index: 'slos', item: 'SLO' },
  { index: 'runbooks', item: 'runbook' },
  { index: 'pages', item: 'free', nested: true },
  { index: 'alerts', item: 'alert' },
  { index: 'tags', item: 'tag' },
];

/** Serves $OPSBOOK_SITE, launches Chromium and finds the pages to test. Call close() when done. */
export async function startSite() {
  const dir = process.env.OPSBOOK_SITE;
  if (!dir) throw new Error('OPSBOOK_SITE is not set: run tests/browser/run.sh SITE_DIR');
  const server = await serve(dir);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      // launch() gives every run a fresh, empty user-data-dir of its own.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const site = {
      base: server.url,
      url: (address) => new URL(address, server.url).href,
      open: (options) => openPage(browser, options),
      close: async () => { await browser.close(); await server.close(); },
    };
    site.pageTypes = await findPageTypes(site);
    return site;
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/**
 * Opens a page in a new browser context. Requests to anything but 127.0.0.1 are aborted, and
 * every console error, uncaught exception, failed request, HTTP error and blocked request is
 * added to `problems`.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  context.setDefaultTimeout(15_000);
  const problems = [];
  const local = (url) => new URL(url).hostname === '127.0.0.1';
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    problems.push(`blocked a request that would leave 127.0.0.1: ${url}`);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket((url) => !local(url), (ws) => {
    problems.push(`blocked a WebSocket that would leave 127.0.0.1: ${ws.url()}`);
    ws.close();
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
  page.on('requestfailed', (req) => {
    // ERR_ABORTED: cancelled, as a favicon is when a click leaves the page, or after an HTTP
    // error, which the 'response' handler reports. Anything else is the site's fault.
    const error = req.failure()?.errorText;
    if (local(req.url()) && error !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} (${error})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  return { context, page, problems };
}

/** Loads a page type found by findPageTypes (or fails with the reason it could not be found). */
export async function visit(page, type) {
  if (type.error) fail(type.error);
  const response = await page.goto(type.url, { waitUntil: 'load' });
  if (!response.ok()) fail(`HTTP ${response.status()} for ${type.url}`);
}

/** Fails the test with `message` and the test file's line, without the rest of the stack. */
export function fail(message) {
  const error = new Error(message);
  const where = error.stack.split('\n').find((line) => line.includes('.test.js')) ?? '    at (harness)';
  error.stack = `${message}\n${where}`;
  throw error;
}

/** Fails the test with a list of problems, if there are any. */
export function expectNone(problems, heading) {
  if (problems.length > 0) fail(`${heading}\n  ${problems.join('\n  ')}`);
}

/** Home, the action items page, each index, and the first page each index links to. */
async function findPageTypes(site) {
  const types = [
    { name: 'home', url: site.url('') },
    { name: 'action items', url: site.url('actions/') },
    { name: 'on-call', url: site.url('oncall/') },
    { name: 'trends', url: site.url('trends/') },
  ];
  const { context, page } = await site.open();
  try {
    for (const { index, item, nested } of SECTIONS) {
      const indexUrl = site.url(`${index}/`);
      types.push({ name: `${index} index`, url: indexUrl });
      const pattern = new RegExp(`^${escape(indexUrl)}${nested ? '.+/' : '[^/]+/'}$`);
      let links = [];
      try {
        await page.goto(indexUrl, { waitUntil: 'load' });
        links = await linksOn(page);
      } catch (err) {
        types.push({ name: item, error: `could not read ${indexUrl}: ${err.message}` });
        continue;
      }
      const found = links.find((href) => pattern.test(href));
      types.push(found
        ? { name: item, url: found }
        : { name: item, error: `${indexUrl} has no link to a ${item} page (${pattern})` });
    }
    // A week's slides, through the week's page's link to them.
    const week = types.find((t) => t.name === 'week');
    types.push(await linkedFrom(page, week, /\/slides\/$/, 'slides'));
  } finally {
    await context.close();
  }
  return types;
}

/** The page type found by the first link on `from`'s page that matches `pattern`. */
async function linkedFrom(page, from, pattern, name) {
  if (!from?.url) return { name, error: `no page to find the ${name} page from` };
  try {
    await page.goto(from.url, { waitUntil: 'load' });
  } catch (err) {
    return { name, error: `could not read ${from.url}: ${err.message}` };
  }
  const found = (await linksOn(page, 'main a[href]')).find((href) => pattern.test(href));
  return found ? { name, url: found } : { name, error: `${from.url} has no link to its ${name} (${pattern})` };
}

/** The absolute addresses of all links on the page, without #fragment or ?query. */
export function linksOn(page, selector = 'a[href]') {
  return page.locator(selector).evaluateAll((links) =>
    // An SVG link's href is not a string: resolve its attribute against the page.
    links.map((a) => { const u = new URL(a.getAttribute('href'), document.baseURI); u.hash = ''; u.search = ''; return u.href; }));
}

/**
 * Names the elements that make the page wider than the viewport: the outermost elements that
 * stick out past its right edge or, when none does, the innermost ones whose content overflows.
 */
export function overflowingElements(page) {
  return page.evaluate(() => {
    const all = [...document.body.querySelectorAll('*')];
    const headings = [...document.querySelectorAll('h1, h2, h3, h4')];
    const headingBefore = (el) => headings
      .filter((h) => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING).at(-1);
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
      [...el.classList].map((c) => `.${c}`).join('') + ` (${el.scrollWidth}px wide` +
      (headingBefore(el) ? `, under "${headingBefore(el).textContent.trim()}")` : ')');
    const clipped = (el) => { // inside a box that scrolls or clips, so not the page's problem
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const wide = all.filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && !clipped(el));
    let culprits = wide.filter((el) => !wide.some((other) => other !== el && other.contains(el)));
    if (culprits.length === 0) {
      const full = all.filter((el) => el.scrollWidth > el.clientWidth + 0.5 &&
        getComputedStyle(el).overflowX === 'visible' && !clipped(el));
      culprits = full.filter((el) => !full.some((other) => other !== el && el.contains(other)));
    }
    return culprits.slice(0, 5).map(describe);
  });
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export const slug = (name) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
