// Charts answer questions: every bar, point and cell carries its period and exact value as its
// title (hover, and the name read on keyboard focus); a mark that stands for a week links to its
// week; severity colours in charts are the badges' colours; time to resolve is one chart per
// severity.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNone, fail, startSite } from './lib/site.js';

const site = await startSite();
after(() => site.close());

const WEEK_MARK = /^(\d{4}-W\d{2}) — (.+): (-?[\d.]+)$/;

test('a bar on the on-call page says its week and value, as its figures table does', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('oncall/'), { waitUntil: 'load' });
    const chart = page.locator('figure.chart#pages-last-52-weeks');
    const marks = chart.locator('.chart-wide svg .mark');
    const n = await marks.count();
    if (n === 0) fail('the pages chart has no marks with a title');
    // The last bar drawn: the newest week's last series with a value.
    const title = await marks.nth(n - 1).locator('title').textContent();
    const m = WEEK_MARK.exec(title);
    if (!m) fail(`a bar's title does not name its week and value: "${title}"`);
    const [, week, series, value] = m;
    // The figures table under the chart has the same number in the same row and column.
    const cell = await chart.evaluate((fig, [week, series]) => {
      const head = [...fig.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const row = [...fig.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th').textContent.trim() === week);
      return row ? row.children[head.indexOf(series)]?.textContent.trim() : null;
    }, [week, series]);
    assert.equal(cell, value, `table cell for ${week} / ${series}`);
    // Hovering it shows the title: the pointer reaches the mark itself, not the page behind.
    await marks.nth(n - 1).scrollIntoViewIfNeeded();
    const box = await marks.nth(n - 1).locator('rect, circle').boundingBox();
    const hit = await page.evaluate(([x, y]) => {
      const el = document.elementFromPoint(x, y);
      return el?.closest('.mark')?.querySelector('title')?.textContent ?? null;
    }, [box.x + box.width / 2, box.y + box.height / 2]);
    assert.equal(hit, title, 'the element under the pointer is the bar with that title');
    expectNone(problems, 'on-call page');
  } finally {
    await context.close();
  }
});

test('a bar links to its week, by keyboard, with a visible focus', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('oncall/'), { waitUntil: 'load' });
    const link = page.locator('figure.chart#pages-last-52-weeks .chart-wide svg a.mark').last();
    const title = await link.locator('title').textContent();
    const [, week] = WEEK_MARK.exec(title) ?? fail(`no week in "${title}"`);
    const name = await link.evaluate((a) => a.querySelector('title').textContent);
    assert.equal(name, title);
    await link.focus();
    const stroke = await link.evaluate((a) => {
      const shape = a.querySelector('rect, circle');
      return { focused: document.activeElement === a, width: parseFloat(getComputedStyle(shape).strokeWidth), stroke: getComputedStyle(shape).stroke };
    });
    assert.ok(stroke.focused, 'the bar takes keyboard focus');
    assert.ok(stroke.width >= 2 && stroke.stroke !== 'none', `focus is visible: ${JSON.stringify(stroke)}`);
    await Promise.all([page.waitForURL(new RegExp(`/archive/reviews/(\\d{4}/)?${week}/$`)), page.keyboard.press('Enter')]);
    const h1 = await page.locator('h1').textContent();
    assert.ok(h1.includes(week), `the week's page: "${h1}"`);
    expectNone(problems, 'on-call page → week');
  } finally {
    await context.close();
  }
});

test('a heat map cell names its alert, week and count, and opens its week', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('alerts/'), { waitUntil: 'load' });
    const busy = page.locator('figure.chart#alert-heatmap .chart-wide svg a.mark').filter({ hasText: /: [1-9]\d* pages$/ }).first();
    const title = await busy.locator('title').textContent();
    const m = /^(\d{4}-W\d{2}) — (.+): (\d+) pages$/.exec(title) ?? fail(`cell title: "${title}"`);
    await busy.click();
    await page.waitForURL(new RegExp(`/archive/reviews/(\\d{4}/)?${m[1]}/$`));
    expectNone(problems, 'alerts → week');
  } finally {
    await context.close();
  }
});

test('severity colours: the chart of incidents by severity uses the badges\' colours, most severe first', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('incidents/'), { waitUntil: 'load' });
    const badges = await page.evaluate(() => [...document.querySelectorAll('dt .severity')].map((b) => ({
      id: b.textContent.trim(), color: getComputedStyle(b).backgroundColor })));
    if (badges.length < 2) fail('the incidents page lists fewer than two severity levels');
    const fills = await page.evaluate(() => {
      const out = {};
      for (const m of document.querySelectorAll('#incidents-per-month svg .mark')) {
        const series = /— (.+): /.exec(m.querySelector('title').textContent)?.[1];
        const shape = m.querySelector('rect, circle');
        if (series && !(series in out)) out[series] = getComputedStyle(shape).fill;
      }
      return out;
    });
    for (const { id, color } of badges) {
      if (fills[id]) assert.equal(fills[id], color, `${id}: chart fill and badge background`);
    }
    assert.ok(Object.keys(fills).length >= 2, `bars of at least two severities: ${JSON.stringify(fills)}`);
    assert.notEqual(badges[0].color, badges[1].color);
    // The most severe is the most alarming: the reddest.
    const redness = (c) => { const [r, g, b] = c.match(/\d+/g).map(Number); return r - Math.max(g, b); };
    assert.ok(badges.slice(1).every((b) => redness(badges[0].color) > redness(b.color)), JSON.stringify(badges));
    expectNone(problems, 'incidents page');
  } finally {
    await context.close();
  }
});

test('time to resolve is a chart per severity', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('trends/'), { waitUntil: 'load' });
    const titles = await page.locator('figure.chart[id^="time-to-resolve"] figcaption strong').allTextContents();
    await page.goto(site.url('incidents/'), { waitUntil: 'load' });
    const levels = await page.locator('dt .severity').allTextContents();
    assert.ok(titles.length >= 2, `charts: ${titles}`);
    for (const t of titles) {
      const named = levels.filter((l) => t.endsWith(`, ${l.trim()}`));
      assert.equal(named.length, 1, `"${t}" is about exactly one severity of ${levels}`);
    }
    expectNone(problems, 'trends page');
  } finally {
    await context.close();
  }
});

test('a chart is one keyboard stop: the arrow keys walk its marks, linked or not, and show each value', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('oncall/'), { waitUntil: 'load' });
    const state = () => page.evaluate(() => {
      const el = document.activeElement;
      const svg = el?.closest('svg');
      const marks = svg ? [...svg.querySelectorAll('.mark')] : [];
      const tip = document.querySelector('.chart-tip');
      return {
        chart: el?.closest('figure.chart')?.id ?? null,
        index: marks.indexOf(el),
        count: marks.length,
        title: el?.querySelector(':scope > title')?.textContent ?? null,
        tip: tip && !tip.hidden ? tip.textContent : null,
        stops: svg ? svg.querySelectorAll('[tabindex="0"]').length : 0,
      };
    });
    // The 52-week chart: hundreds of linked bars, one stop; Tab leaves its marks (for the
    // figures table under it).
    await page.locator('figure.chart#pages-last-52-weeks .chart-wide svg .mark[tabindex="0"]').focus();
    const first = await state();
    assert.equal(first.chart, 'pages-last-52-weeks');
    assert.equal(first.index, first.count - 1, 'the stop is the newest mark');
    assert.equal(first.stops, 1, 'one mark of the chart is in the tab order');
    assert.equal(first.tip, first.title, 'the focused value shows beside it');
    await page.keyboard.press('Tab');
    const after = await state();
    assert.ok(after.chart !== 'pages-last-52-weeks' || after.index < 0, `Tab leaves the marks: ${JSON.stringify(after)}`);
    // A chart whose marks link nowhere (pages per person): every mark is reached by the keys.
    await page.locator('figure.chart#pages-per-person .chart-wide svg .mark[tabindex="0"]').focus();
    const last = await state();
    if (last.count < 3) fail(`pages per person has ${last.count} marks`);
    await page.keyboard.press('ArrowLeft');
    const left = await state();
    assert.equal(left.index, last.count - 2, 'ArrowLeft moves to the mark before');
    assert.ok(/: \d+/.test(left.title ?? ''), `a value in "${left.title}"`);
    assert.equal(left.tip, left.title, 'its value shows beside it');
    assert.equal(left.stops, 1, 'the stop moved with the focus');
    await page.keyboard.press('Home');
    assert.equal((await state()).index, 0, 'Home: the first mark');
    await page.keyboard.press('End');
    assert.equal((await state()).index, last.count - 1, 'End: the last mark');
    await page.keyboard.press('ArrowRight');
    assert.equal((await state()).index, last.count - 1, 'ArrowRight stops at the last mark');
    expectNone(problems, 'on-call page, charts by keyboard');
  } finally {
    await context.close();
  }
});
