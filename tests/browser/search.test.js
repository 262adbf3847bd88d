// Search: the box on every page, "/" to focus it, the search page's ranked results as you type,
// result links under /archive/ and from file://, accessibility with results shown, and the page
// with JavaScript off. The ids and words searched for are the sample archive's.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PHONE, expectNone, fail, overflowingElements, screenshot, startSite } from './lib/site.js';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// The indexes the search page offers instead, by address: the site's navigation minus Home.
const INDEXES = ['reviews/', 'incidents/', 'actions/', 'oncall/', 'slos/', 'alerts/', 'trends/', 'teams/',
  'services/', 'runbooks/', 'pages/'];

const site = await startSite();
after(() => site.close());

/** Types `text` into the search page's box key by key, then waits for the results to settle. */
async function typeQuery(page, text) {
  const box = page.locator('#search-q');
  await box.fill('');
  await box.pressSequentially(text, { delay: 20 });
  const quoted = `“${text}”`;
  await page.locator('#search-status').filter({ hasText: quoted }).waitFor();
}

/** The results shown: each link's address below the site (as a path) and text. */
function results(page) {
  return page.locator('#search-results > li > a').evaluateAll((links, base) =>
    links.map((a) => ({ address: a.href.startsWith(base) ? a.href.slice(base.length) : a.href, title: a.textContent })),
  site.base);
}

test('an incident id finds that incident first, and its link works under /archive/', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('search/'));
    await typeQuery(page, 'INC-2025-016');
    const found = await results(page);
    if (found[0]?.address !== 'incidents/INC-2025-016/') {
      fail(`first result for INC-2025-016 is ${JSON.stringify(found[0])} (expected incidents/INC-2025-016/)`);
    }
    const first = page.locator('#search-results > li').first();
    if (!(await first.locator('.severity').count())) fail('the incident result shows no severity');
    if (!(await first.locator('time').count())) fail('the incident result shows no date');
    if (page.url() !== site.url('search/?q=INC-2025-016')) fail(`the address did not keep the query: ${page.url()}`);

    await first.locator('a').click();
    await page.waitForURL(site.url('incidents/INC-2025-016/'), { waitUntil: 'load' });
    const h1 = await page.locator('h1').textContent();
    if (!h1.includes('INC-2025-016')) fail(`landed on ${page.url()} titled "${h1}"`);
    expectNone(problems, 'on the way:');
  } finally {
    await context.close();
  }
});

test("a word from a week's team notes finds that week; an action item leads to its row", async () => {
  const { context, page, problems } = await site.open();
  try {
    // 2025-W14's notes say "All our CronJobs go to UTC".
    await page.goto(site.url('reviews/2025-W14/'));
    const notes = (await page.locator('h3[id^="notes-"] + .prose').allTextContents()).join(' ');
    if (!notes.includes('CronJobs')) fail('the notes of 2025-W14 no longer say "CronJobs": pick another word');

    await page.goto(site.url('search/'));
    await typeQuery(page, 'cronjobs');
    const found = await results(page);
    if (!found.some((r) => r.address === 'reviews/2025-W14/')) {
      fail(`"cronjobs" does not find week 2025-W14; found:\n  ${found.map((r) => r.address).join('\n  ')}`);
    }

    await typeQuery(page, 'AI-2025-053');
    const action = (await results(page))[0];
    if (action?.address !== 'actions/#AI-2025-053') fail(`first result for AI-2025-053 is ${JSON.stringify(action)}`);
    await page.locator('#search-results > li > a').first().click();
    await page.waitForURL(site.url('actions/#AI-2025-053'));
    if (!(await page.locator('[id="AI-2025-053"]').count())) fail('actions/ has no row AI-2025-053');
    expectNone(problems, 'on the way:');
  } finally {
    await context.close();
  }
});

test('"/" focuses the search box, and the box leads to the search page', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url(''));
    await page.keyboard.press('/');
    const focused = await page.evaluate(() => document.activeElement?.id);
    if (focused !== 'site-search') fail(`"/" on the home page focused #${focused} (expected #site-search)`);
    if (await page.locator('#site-search').inputValue()) fail('"/" was typed into the box');

    await page.keyboard.type('ledger');
    await page.keyboard.press('Enter');
    await page.waitForURL(site.url('search/?q=ledger'), { waitUntil: 'load' });
    await page.locator('#search-status').filter({ hasText: '“ledger”' }).waitFor();
    if ((await results(page)).length === 0) fail('no results for "ledger" after submitting the box');
    if (await page.locator('#search-nojs').isVisible()) fail('the no-JavaScript message shows with JavaScript on');
    if (!(await page.locator('#search-hint').isVisible())) fail('the hint does not show with JavaScript on');

    // On the search page, "/" goes to the page's own box; typed in a field, it is just a slash.
    await page.locator('#search-results a').first().focus();
    await page.keyboard.press('/');
    if ((await page.evaluate(() => document.activeElement?.id)) !== 'search-q') fail('"/" did not focus #search-q');
    await page.keyboard.press('End');
    await page.keyboard.type('/x');
    if ((await page.locator('#search-q').inputValue()) !== 'ledger/x') fail('"/" in the box was not typed');
    expectNone(problems, 'on the way:');
  } finally {
    await context.close();
  }
});

test('the search page with results fits a phone and has no serious accessibility violations', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page, problems } = await site.open({ colorScheme });
    try {
      await page.goto(site.url('search/?q=ledger'));
      await page.locator('#search-results > li').first().waitFor();
      await page.evaluate(AXE_SOURCE);
      const { violations } = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }));
      const serious = violations.filter((v) => ['serious', 'critical'].includes(v.impact));
      if (serious.length > 0) {
        fail(`${colorScheme}: ${serious.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')}`);
      }
      await page.setViewportSize(PHONE);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth }));
      if (scrollWidth > innerWidth) {
        fail(`scrolls sideways on a phone: ${scrollWidth}px in ${innerWidth}px; ${(await overflowingElements(page)).join(', ')}`);
      }
      await screenshot(page, `search-phone-${colorScheme}`);
      expectNone(problems, page.url());
    } finally {
      await context.close();
    }
  }
});

test('with JavaScript off, the search page says so and links to every index', async () => {
  const { context, page, problems } = await site.open({ javaScriptEnabled: false });
  try {
    // The box on any page still submits to the search page.
    await page.goto(site.url('incidents/'));
    await page.locator('#site-search').fill('ledger');
    await page.locator('#site-search').press('Enter');
    await page.waitForURL(site.url('search/?q=ledger'), { waitUntil: 'load' });

    const message = page.locator('#search-nojs');
    if (!(await message.isVisible())) fail('the search page does not say that search needs JavaScript');
    if (!(await message.textContent()).includes('JavaScript')) fail(`the message is: ${await message.textContent()}`);
    if (await page.locator('#search-hint').isVisible()) fail('the hint about typing and "/" shows with JavaScript off');
    const links = await page.locator('main ul.search-browse a').evaluateAll((as) => as.map((a) => a.href));
    const missing = INDEXES.filter((address) => !links.includes(site.url(address)));
    if (missing.length > 0) fail(`the search page does not link to ${missing.join(', ')}`);
    for (const href of links) {
      const response = await context.request.get(href);
      if (!response.ok()) problems.push(`HTTP ${response.status()} for ${href}`);
    }
    await screenshot(page, 'search-no-javascript');
    expectNone(problems, page.url());
  } finally {
    await context.close();
  }
});

test('search works from file://, with no server', async () => {
  const { context, page, problems } = await site.open();
  try {
    // The site's own files may load from disk; anything else is still blocked and reported.
    const dir = pathToFileURL(path.resolve(process.env.OPSBOOK_SITE)).href + '/';
    await page.route((url) => url.href.startsWith(dir), (route) => route.continue());
    const file = pathToFileURL(path.join(process.env.OPSBOOK_SITE, 'search', 'index.html'));
    await page.goto(`${file.href}?q=INC-2025-016`);
    await page.locator('#search-results > li').first().waitFor();
    const href = await page.locator('#search-results > li > a').first().getAttribute('href');
    if (href !== '../incidents/INC-2025-016/') fail(`the first result links to ${href}`);
    expectNone(problems, page.url());
  } finally {
    await context.close();
  }
});
