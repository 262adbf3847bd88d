// Charts read on a phone: at 390 px wide every chart's text comes out at 11 CSS px or more (its
// phone variant is drawn for that width, not the desktop drawing scaled down), and a wide table
// shows that it scrolls and keeps its first column in view. Screenshots of the on-call and trends
// pages at 390 px go to target/browser-artifacts/.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNone, fail, screenshot, startSite, visit } from './lib/site.js';

const PHONE_390 = { width: 390, height: 844 };
const CHART_PAGES = ['on-call', 'trends', 'team', 'SLO', 'alerts index', 'alert', 'action items', 'incidents index'];

const site = await startSite();
after(() => site.close());

/** Every visible chart text on the page: its words and its size on screen in CSS px. */
function chartTexts(page) {
  return page.evaluate(() => {
    const out = [];
    for (const svg of document.querySelectorAll('figure.chart svg')) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // the variant for the other screen
      for (const t of svg.querySelectorAll('text')) {
        const words = t.textContent.trim();
        if (!words) continue;
        const m = t.getScreenCTM(); // rotated text (the y axis' name) scales by the length of its x vector
        const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        out.push({ chart: svg.closest('figure').id, words, size, height: t.getBoundingClientRect().height });
      }
    }
    return out;
  });
}

for (const name of CHART_PAGES) {
  test(`${name} page: every chart's text is at least 11 px on a 390 px phone`, async () => {
    const type = site.pageTypes.find((t) => t.name === name) ?? fail(`no ${name} page found`);
    const { context, page, problems } = await site.open({ viewport: PHONE_390 });
    try {
      await visit(page, type);
      const texts = await chartTexts(page);
      if (texts.length === 0) fail(`${type.url} shows no chart text at 390 px`);
      const small = texts.filter((t) => t.size < 11);
      assert.deepEqual(small, [], `text under 11 px at 390 px on ${type.url}`);
      // One chart shown per figure: the phone's.
      const shown = await page.locator('figure.chart').evaluateAll((fs) => fs.map((f) =>
        [...f.querySelectorAll('svg')].filter((s) => s.getBoundingClientRect().width > 0).length));
      assert.ok(shown.every((n) => n === 1), `charts shown per figure: ${shown}`);
      if (name === 'on-call' || name === 'trends') await screenshot(page, `${name}-phone-390`);
      expectNone(problems, type.url);
    } finally {
      await context.close();
    }
  });
}

test('at desktop width the full chart is shown, not the phone variant', async () => {
  const { context, page } = await site.open();
  try {
    await page.goto(site.url('oncall/'));
    const widths = await page.locator('figure.chart#pages-last-52-weeks svg').evaluateAll((ss) =>
      ss.map((s) => ({ units: s.viewBox.baseVal.width, shown: s.getBoundingClientRect().width > 0 })));
    assert.deepEqual(widths.filter((w) => w.shown).map((w) => w.units), [720]);
  } finally {
    await context.close();
  }
});

test('a wide table on a phone shows that it scrolls and keeps its first column in view', async () => {
  const type = site.pageTypes.find((t) => t.name === 'trends');
  const { context, page, problems } = await site.open({ viewport: PHONE_390 });
  try {
    await visit(page, type);
    const box = page.locator('.table-scroll').filter({ has: page.locator('table') }).first();
    const before = await box.evaluate((el) => {
      const first = el.querySelector('tbody th, tbody td');
      return {
        wide: el.scrollWidth > el.clientWidth + 10,
        cue: getComputedStyle(el).backgroundImage,
        left: first.getBoundingClientRect().left - el.getBoundingClientRect().left,
      };
    });
    assert.ok(before.wide, 'the trends table is wider than a phone');
    assert.match(before.cue, /gradient/, 'a shadow at the edge that has more');
    const after = await box.evaluate((el) => {
      el.scrollLeft = 200;
      const first = el.querySelector('tbody th, tbody td');
      return { scrolled: el.scrollLeft, left: first.getBoundingClientRect().left - el.getBoundingClientRect().left };
    });
    assert.ok(after.scrolled > 0);
    assert.ok(Math.abs(after.left - before.left) < 1, `the first column stays in view: ${before.left} → ${after.left}`);
    expectNone(problems, type.url);
  } finally {
    await context.close();
  }
});
