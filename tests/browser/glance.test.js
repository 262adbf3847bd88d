// Leadership at a glance: /trends/ opens with the newest quarter against the previous one, each
// figure with its direction, the same figures as its quarter-over-quarter table.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNone, fail, startSite } from './lib/site.js';

const site = await startSite();
after(() => site.close());

test('the trends page opens with the quarter against the previous one, as its table has them', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('trends/'));
    const section = page.locator('section.glance');
    if (!(await section.count())) fail('no summary on /trends/');
    // It comes before the quarter-over-quarter table.
    const first = await page.locator('main h2').first().getAttribute('id');
    assert.equal(first, 'glance');
    const lines = await section.locator('li').allTextContents();
    assert.equal(lines.length, 7, lines.join('\n'));
    const table = await page.locator('#quarters ~ .table-scroll table, section[aria-labelledby="quarters"] table').first().evaluate((t) => {
      const head = [...t.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const rows = [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
      return { head, rows };
    });
    const col = table.head.indexOf('Pages per week');
    const [before, now] = table.rows.slice(-2).map((r) => r[col]);
    const pages = lines.find((l) => l.startsWith('Pages per week:')) ?? fail(lines.join('\n'));
    const m = /^Pages per week: ([\d.]+)(?: ▲ up from| ▼ down from|, the same as in)? ?([\d.]+)?/.exec(pages);
    if (!m) fail(`"${pages}"`);
    assert.equal(m[1], now.replace(/\s.*/, ''), 'this quarter as in the table');
    if (m[2]) assert.equal(m[2], before.replace(/\s.*/, ''), 'the previous quarter as in the table');
    const [n, b] = [parseFloat(now), parseFloat(before)];
    const word = n > b ? 'up from' : n < b ? 'down from' : 'the same';
    assert.ok(pages.includes(word), `${pages} (${before} → ${now})`);
    if (n !== b) assert.ok(pages.includes(n > b ? 'worse' : 'better'), pages);
    for (const l of lines) assert.match(l, /: (no data|[\d.]+|\d.*)/, l);
    expectNone(problems, 'trends page');
  } finally {
    await context.close();
  }
});

test('/slos/ lists the budgets exhausted this quarter and this year, newest first, as their charts show', async () => {
  const { context, page, problems } = await site.open();
  try {
    await page.goto(site.url('slos/'));
    const list = (id) => page.locator(`#${id} + ul.exhausted > li`).evaluateAll((lis) => lis.map((li) => {
      const [slo, week] = li.querySelectorAll('a');
      return { slo: slo.href, name: slo.textContent, week: week?.textContent ?? li.textContent.match(/\d{4}-W\d{2}/)[0], weekHref: week?.href };
    }));
    const quarter = await list('exhausted-quarter');
    const year = await list('exhausted-year');
    if (year.length === 0) fail('the sample exhausts no budget this year: nothing to check');
    const sorted = (l) => l.every((e, i) => i === 0 || l[i - 1].week >= e.week);
    assert.ok(sorted(quarter) && sorted(year), 'newest first');
    for (const q of quarter) assert.ok(year.some((y) => y.slo === q.slo && y.name === q.name), `${q.name} is in the year's list too`);
    // The newest exhausted week is one whose rolling budget used is above 1 on the SLO's chart.
    const e = year[0];
    await page.goto(e.slo);
    const rolling = await page.locator('figure.chart[id^="budget-"]').first().evaluate((fig, week) => {
      const head = [...fig.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const row = [...fig.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th').textContent.trim() === week);
      const col = head.findIndex((h) => h.startsWith('rolling'));
      return row ? parseFloat(row.children[col].textContent) : null;
    }, e.week);
    assert.ok(rolling > 1, `${e.name} in ${e.week}: rolling budget used ${rolling}`);
    expectNone(problems, 'slos page');
  } finally {
    await context.close();
  }
});

test('on a phone the SLO grid opens at its newest weeks, each end naming its year', async () => {
  const { context, page, problems } = await site.open({ viewport: { width: 390, height: 844 } });
  try {
    await page.goto(site.url('slos/'));
    const seen = await page.locator('table.grid').evaluate((table) => {
      const box = table.closest('.table-scroll').getBoundingClientRect();
      const heads = [...table.querySelectorAll('thead th')];
      const inView = (el) => { const r = el.getBoundingClientRect(); return r.left >= box.left - 1 && r.right <= box.right + 1; };
      return {
        wide: table.scrollWidth > box.width + 10,
        newest: inView(heads.at(-3)), // the newest week, before the Met and Missed columns
        oldest: inView(heads[1]),
        first: inView(heads[0]),
        years: heads.slice(1, -2).map((th) => th.querySelector('.year')?.textContent ?? null),
        weeks: heads.slice(1, -2).map((th) => th.querySelector('a').title),
      };
    });
    assert.ok(seen.wide, 'the grid is wider than a phone');
    assert.ok(seen.newest, 'the newest week is in view when the page opens');
    assert.ok(!seen.oldest, 'the oldest is scrolled away');
    assert.ok(seen.first, 'the objective column stays in view');
    // The year on both ends and wherever it changes.
    seen.weeks.forEach((w, i) => {
      const changes = i === 0 || i === seen.weeks.length - 1 || seen.weeks[i - 1].slice(0, 4) !== w.slice(0, 4);
      assert.equal(seen.years[i], changes ? w.slice(0, 4) : null, `${w}`);
    });
    expectNone(problems, 'slos page');
  } finally {
    await context.close();
  }
});
