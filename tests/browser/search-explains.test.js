// Search that explains itself: each result shows its kind, date and a snippet with the matched
// words marked; other forms of a word match (paged finds paging); results filter by kind; the
// header's box shows results as you type; the index stays under 500 KB per 1,000 records. The
// words searched for are found in the built index, not hard-coded.
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNone, fail, startSite } from './lib/site.js';

const site = await startSite();
after(() => site.close());

const INDEX_FILE = path.join(process.env.OPSBOOK_SITE, 'search/index.js');
const INDEX = JSON.parse(fs.readFileSync(INDEX_FILE, 'utf8').replace(/^window\.OPSBOOK_SEARCH = /, '').replace(/;\s*$/, ''));
const DOCS = INDEX.docs.map((d) => ({ kind: INDEX.kinds[d[0]], id: d[1], title: d[2], address: d[3], words: d[4].split(' ') }));

async function typeQuery(page, text) {
  const box = page.locator('#search-q');
  await box.fill('');
  await box.pressSequentially(text, { delay: 10 });
  await page.locator('#search-status').filter({ hasText: `“${text}”` }).waitFor();
}

/** The results shown: address below the site, kind label, date, snippet and marked words. */
function results(page) {
  return page.locator('#search-results > li').evaluateAll((items, base) => items.map((li) => {
    const a = li.querySelector('a');
    return {
      address: a.href.startsWith(base) ? a.href.slice(base.length) : a.href,
      kind: li.querySelector('.search-kind')?.textContent ?? null,
      date: li.querySelector('time')?.getAttribute('datetime') ?? null,
      snippet: li.querySelector('.search-snippet')?.textContent ?? null,
      marks: [...li.querySelectorAll('.search-snippet mark, a mark')].map((m) => m.textContent.toLowerCase()),
    };
  }), site.base);
}

test('another form of a word finds the record, and its snippet marks the word it has', async () => {
  // A record that says "paging" (or "pages"), and never "paged": searching "paged" must find it.
  const doc = DOCS.find((d) => d.kind !== 'action item' && d.words.some((w) => w === 'paging' || w === 'pages') &&
    !d.words.some((w) => w.startsWith('paged')) && !d.title.toLowerCase().includes('pag'));
  if (!doc) fail('no record of the sample says "paging" or "pages" without "paged"');
  const form = doc.words.find((w) => w === 'paging' || w === 'pages');
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url(`search/?q=paged&kind=${encodeURIComponent(doc.kind)}`));
    await page.locator('#search-status').filter({ hasText: '“paged”' }).waitFor();
    const found = await results(page);
    const hit = found.find((r) => r.address === doc.address);
    if (!hit) fail(`"paged" does not find ${doc.address}, which says "${form}"`);
    assert.ok(hit.marks.includes(form), `the snippet marks "${form}": ${JSON.stringify(hit)}`);
    assert.ok(hit.snippet.toLowerCase().includes(form));
    expectNone(problems, 'search page');
  } finally {
    await context.close();
  }
});

test('a result shows its kind, its date and a snippet with the matched words marked', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('search/'));
    await typeQuery(page, 'cronjobs');
    const week = (await results(page)).find((r) => r.address === 'reviews/2025-W14/');
    if (!week) fail('"cronjobs" does not find week 2025-W14');
    assert.equal(week.kind, 'Review');
    assert.match(week.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(week.marks.includes('cronjobs'), JSON.stringify(week));
    // An id matches exactly, as itself, not by its stem.
    await typeQuery(page, 'INC-2025-016');
    const first = (await results(page))[0];
    assert.equal(first.address, 'incidents/INC-2025-016/');
    assert.equal(first.kind, 'Incident');
    expectNone(problems, 'search page');
  } finally {
    await context.close();
  }
});

test('results filter by kind, and the filter stays in the address', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('search/'));
    await typeQuery(page, 'ledger');
    const all = new Set((await results(page)).map((r) => r.kind));
    assert.ok(all.size >= 2, `"ledger" finds more than one kind: ${[...all]}`);
    for (const [value, label] of [['incident', 'Incident'], ['action item', 'Action item'], ['review', 'Review'], ['alert', 'Alert'], ['team', 'Team']]) {
      await page.locator('#search-kind').selectOption(value);
      await page.locator('#search-status').filter({ hasText: '“ledger”' }).waitFor();
      const kinds = new Set((await results(page)).map((r) => r.kind));
      assert.ok([...kinds].every((k) => k === label), `${value}: ${[...kinds]}`);
      assert.equal(new URL(page.url()).searchParams.get('kind'), value);
    }
    expectNone(problems, 'search page');
  } finally {
    await context.close();
  }
});

test("the header's box shows results as you type, on any page", async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('oncall/'));
    await page.locator('#site-search').pressSequentially('cronjobs', { delay: 10 });
    const panel = page.locator('#site-search-results');
    await panel.locator('[role="status"]').filter({ hasText: '“cronjobs”' }).waitFor();
    const links = await panel.locator('a').evaluateAll((as) => as.map((a) => a.href));
    assert.equal(page.url(), site.url('oncall/'), 'still on the page');
    await page.keyboard.press('Escape');
    assert.equal(await panel.isVisible(), false, 'Escape closes it');
    // They are the search page's best results for the same words.
    await page.goto(site.url('search/?q=cronjobs'));
    await page.locator('#search-status').filter({ hasText: '“cronjobs”' }).waitFor();
    const best = await page.locator('#search-results > li > a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(links.length > 0 && links.length <= best.length, JSON.stringify(links));
    assert.deepEqual(links, best.slice(0, links.length));
    expectNone(problems, 'on-call page');
  } finally {
    await context.close();
  }
});

test('the index is at most 500 KB per 1,000 records', () => {
  const bytes = fs.statSync(INDEX_FILE).size;
  const perThousand = (bytes * 1000) / DOCS.length;
  console.log(`search/index.js: ${bytes} bytes for ${DOCS.length} records, ${Math.round(perThousand / 1000)} KB per 1,000`);
  assert.ok(perThousand <= 500_000, `${perThousand} bytes per 1,000 records`);
});
