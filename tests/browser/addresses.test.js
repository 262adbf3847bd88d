// Postmortem authors get the address: a record's page shows its permanent and short addresses,
// copies them with a button (plain selectable text without JavaScript), names its canonical
// address when base_url is set (the sample sets it), has visible anchor links on its headings,
// and shows an incident's times in one named zone.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNone, fail, linksOn, startSite, visit } from './lib/site.js';

const site = await startSite();
after(() => site.close());
const incident = site.pageTypes.find((t) => t.name === 'incident');

test('the copy button copies the permanent address, and the short address leads to the page', async () => {
  const { context, page, problems } = await site.open();
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.base).origin });
    await visit(page, incident);
    const id = /\/incidents\/([^/]+)\/$/.exec(incident.url)?.[1] ?? fail(`no incident id in ${incident.url}`);
    const addresses = page.locator('.permalink a.address');
    assert.equal(await addresses.count(), 2, 'a permanent and a short address');
    const permanent = (await addresses.nth(0).textContent()).trim();
    const short = (await addresses.nth(1).textContent()).trim();
    assert.ok(permanent.endsWith(`/incidents/${id}/`), permanent);
    assert.ok(short.endsWith(`/i/${id}/`), short);
    // base_url is set: the page names its canonical address, the one it shows.
    const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
    assert.equal(canonical, permanent);
    assert.match(canonical, /^https?:\/\//);

    const button = page.locator('.permalink button.copy').first();
    await button.click();
    await page.locator('.permalink [role="status"]').first().filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), permanent);

    // The short address, followed on this site, opens the record.
    const href = await addresses.nth(1).getAttribute('href');
    await page.goto(new URL(href, page.url()).href, { waitUntil: 'load' });
    await page.waitForURL(incident.url);
    expectNone(problems, incident.url);
  } finally {
    await context.close();
  }
});

test('without JavaScript the addresses are plain text to select, with no dead button', async () => {
  const { context, page, problems } = await site.open({ javaScriptEnabled: false });
  try {
    await visit(page, incident);
    const texts = await page.locator('.permalink a.address').allTextContents();
    assert.equal(texts.length, 2);
    for (const t of texts) assert.match(t.trim(), /\/(incidents|i)\/[^/]+\/$/);
    assert.equal(await page.locator('.permalink button.copy:visible').count(), 0, 'no copy button shown');
    assert.equal(await page.locator('.permalink').evaluate((el) => getComputedStyle(el.querySelector('a.address')).userSelect), 'all');
    expectNone(problems, incident.url);
  } finally {
    await context.close();
  }
});

test('every section heading of a record has a visible anchor link to itself', async () => {
  const { context, page, problems } = await site.open();
  try {
    for (const type of site.pageTypes.filter((t) => ['week', 'incident', 'team', 'SLO'].includes(t.name))) {
      await visit(page, type);
      const headings = await page.locator('main h2[id], main h3[id]').evaluateAll((hs) => hs.map((h) => {
        const a = h.querySelector('a.anchor');
        const box = a?.getBoundingClientRect();
        return { id: h.id, href: a?.getAttribute('href'), visible: !!box && box.width > 0 && box.height > 0 && getComputedStyle(a).visibility === 'visible' };
      }));
      if (headings.length === 0) fail(`${type.url} has no heading with an id`);
      for (const h of headings) {
        assert.equal(h.href, `#${h.id}`, `${type.name}: heading #${h.id}`);
        assert.ok(h.visible, `${type.name}: the anchor of #${h.id} is visible`);
      }
      const first = page.locator('main h2[id] a.anchor').first();
      const id = await first.evaluate((a) => a.parentElement.id);
      await first.click();
      assert.equal(new URL(page.url()).hash, `#${id}`);
    }
    expectNone(problems, 'record pages');
  } finally {
    await context.close();
  }
});

test("an incident's times are all in one zone, named on the page, the zone of its timeline", async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('incidents/'), { waitUntil: 'load' });
    const pages = [...new Set(await linksOn(page, 'main a[href*="/incidents/INC-"]'))];
    let withTimeline = 0;
    for (const url of pages) {
      await page.goto(url, { waitUntil: 'load' });
      const caption = (await page.locator('section[aria-labelledby="times"] caption').first().textContent()).trim();
      const zone = /^In (\S+)$/.exec(caption)?.[1] ?? fail(`${url}: the times name no zone: "${caption}"`);
      const times = await page.locator('section[aria-labelledby="times"] time').evaluateAll((ts) =>
        ts.map((t) => ({ text: t.textContent.trim(), iso: t.getAttribute('datetime') })));
      // Each time is the instant of its datetime, written in that zone.
      for (const t of times) {
        const shown = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
          hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t.iso)).replace(',', '');
        assert.ok(t.text.startsWith(shown), `${url}: ${t.text} is ${t.iso} in ${zone} (${shown})`);
      }
      // The timeline, written by its authors in their zone, names the same place.
      const timeline = await page.locator('main h2', { hasText: /^Timeline \(/ }).allTextContents();
      for (const h of timeline) {
        const place = /^Timeline \(([^)]+)\)/.exec(h)[1];
        assert.ok(zone.replace(/_/g, ' ').includes(place), `${url}: the timeline is in ${place}, the times in ${zone}`);
        withTimeline++;
      }
    }
    if (withTimeline === 0) fail('no incident of the sample names its timeline\'s zone: nothing was compared');
    expectNone(problems, 'incident pages');
  } finally {
    await context.close();
  }
});
