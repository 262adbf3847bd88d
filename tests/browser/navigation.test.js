// Navigation by clicking visible links: home → latest week → an incident it reviews → its team.
import { after, test } from 'node:test';
import { expectNone, fail, linksOn, startSite } from './lib/site.js';

const site = await startSite();
after(() => site.close());

/**
 * Clicks the first visible link whose address (without #fragment) matches `pattern`, looking in
 * <main> when the page has one (so that site-wide navigation doesn't count).
 */
async function clickLink(page, pattern, what) {
  const selector = `${(await page.locator('main').count()) ? 'main ' : ''}a[href]:visible`;
  const links = page.locator(selector);
  const index = (await linksOn(page, selector)).findIndex((href) => pattern.test(href));
  if (index === -1) fail(`${page.url()} has no visible link to ${what} (${pattern})`);
  const target = await links.nth(index).evaluate((a) => a.href);
  await links.nth(index).click();
  await page.waitForURL(target, { waitUntil: 'load' });
  if ((await page.locator('h1').count()) === 0) fail(`${page.url()} (${what}) has no <h1>`);
}

test('home → latest week → an incident it reviews → its team, by clicking', async () => {
  const { context, page, problems } = await site.open();
  try {
    // The latest week is the highest YYYY-Www listed on the reviews index.
    await page.goto(site.url('reviews/'));
    const weeks = (await linksOn(page))
      .map((href) => href.slice(site.base.length).match(/^reviews\/(\d{4}-W\d{2})\/$/)?.[1])
      .filter(Boolean).sort();
    if (weeks.length === 0) fail(`${page.url()} lists no weeks`);
    const latest = weeks.at(-1);

    await page.goto(site.url(''));
    await clickLink(page, new RegExp(`/archive/reviews/${latest}/$`), `the latest week, ${latest}`);
    await clickLink(page, /\/archive\/incidents\/[^/]+\/$/, 'an incident');
    await clickLink(page, /\/archive\/teams\/[^/]+\/$/, 'a team');
    expectNone(problems, 'on the way:');
  } finally {
    await context.close();
  }
});
