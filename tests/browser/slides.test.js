// A week's slides as a presentation: no console error, axe in light and dark (and the presenter
// view), keys move between slides and the address follows, #3 opens slide 3, the presenter window
// shows the notes and the next slide and follows the audience's window (and back, also from
// file://), printing gives one page per slide, phone and projector sizes do not overflow, and
// without JavaScript the slides read as one long page. The week is the newest of the reviews index.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { expectNone, fail, overflowingElements, screenshot, startSite, visit } from './lib/site.js';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PROJECTOR = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };

const site = await startSite();
after(() => site.close());
const slides = site.pageTypes.find((t) => t.name === 'slides');

/** The number of the slide shown (its id), and the address's fragment. */
function shown(page) {
  return page.evaluate(() => {
    const visible = [...document.querySelectorAll('section.slide')]
      .filter((s) => s.getBoundingClientRect().height > 0);
    return { visible: visible.map((s) => s.id), hash: location.hash };
  });
}

async function expectShown(page, n, hash = `#${n}`) {
  const { visible, hash: actual } = await shown(page);
  if (visible.length !== 1 || visible[0] !== String(n) || actual !== hash) {
    fail(`expected slide ${n} alone and ${hash} in the address, got slides [${visible}] and ${actual}`);
  }
}

async function slideCount(page) {
  return page.locator('section.slide').count();
}

async function axe(page, where) {
  await page.evaluate(AXE_SOURCE);
  const { violations } = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }));
  const serious = violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  if (serious.length > 0) {
    fail(`${where}: ${serious.map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`).join('; ')}`);
  }
}

test('the slides open on slide 1, or on the slide the address names, and keys move between them', async () => {
  const { context, page, problems } = await site.open({ viewport: PROJECTOR });
  try {
    await visit(page, slides);
    const n = await slideCount(page);
    if (n < 6) fail(`${slides.url} has ${n} slides, expected at least one per section`);
    await expectShown(page, 1);
    await page.keyboard.press('ArrowRight');
    await expectShown(page, 2);
    await page.keyboard.press('Space');
    await expectShown(page, 3);
    await page.keyboard.press('PageUp');
    await expectShown(page, 2);
    await page.keyboard.press('End');
    await expectShown(page, n);
    await page.keyboard.press('ArrowRight');
    await expectShown(page, n); // the last stays the last
    await page.keyboard.press('Home');
    await expectShown(page, 1);
    await page.locator('section.slide.current h1').click();
    await expectShown(page, 2);
    await page.locator('.deck-controls button[data-action="previous"]').click();
    await expectShown(page, 1);
    if ((await page.locator('.deck-position').innerText()) !== `Slide 1 of ${n}`) fail('the position is not announced');

    // A link to #3 opens slide 3.
    await page.goto(`${slides.url}#3`, { waitUntil: 'load' });
    await page.reload({ waitUntil: 'load' });
    await expectShown(page, 3);

    // The overview shows every slide; a click opens one.
    await page.keyboard.press('o');
    const { visible } = await shown(page);
    if (visible.length !== n) fail(`the overview shows ${visible.length} of ${n} slides`);
    await page.locator('section.slide[id="5"]').click();
    await expectShown(page, 5);
    expectNone(problems, slides.url);
  } finally {
    await context.close();
  }
});

test('the presenter window shows the notes and the next slide, and the two windows follow each other', async () => {
  const { context, page, problems } = await site.open({ viewport: PROJECTOR });
  try {
    await page.goto(`${slides.url}#3`, { waitUntil: 'load' });
    const opened = context.waitForEvent('page');
    await page.keyboard.press('p');
    const presenter = await opened;
    presenter.on('pageerror', (err) => problems.push(`uncaught exception in the presenter view: ${err.message}`));
    presenter.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error in the presenter view: ${msg.text()}`);
    });
    await presenter.waitForLoadState('load');
    await presenter.setViewportSize({ width: 1600, height: 1000 });
    if (!presenter.url().endsWith('#presenter-3')) fail(`the presenter window opened ${presenter.url()}`);
    const notes = presenter.locator('.presenter .notes-panel');
    await notes.filter({ hasText: 'Speaker notes' }).waitFor();
    const words = (text) => text.replace(/\s+/g, ' ').trim();
    const expected = words(await page.locator('section.slide[id="3"] .notes').textContent());
    const got = words(await notes.textContent());
    if (got !== expected) fail(`the presenter view shows other notes than slide 3's:\n  ${got}\n  ${expected}`);
    const nextTitle = await page.locator('section.slide[id="4"] h2').innerText();
    const later = await presenter.locator('.presenter .later .slide h2').innerText();
    if (later !== nextTitle) fail(`the presenter view shows "${later}" as the next slide, not "${nextTitle}"`);
    await presenter.locator('.presenter .clock').filter({ hasText: 'Meeting: ' }).waitFor();

    // The audience moves on: the presenter follows, and the other way round.
    await page.keyboard.press('ArrowRight');
    await presenter.locator('.presenter .now .caption').filter({ hasText: /^Slide 4 of/ }).waitFor();
    await presenter.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.hash === '#5');
    await expectShown(page, 5);
    await screenshot(presenter, 'slides-presenter');
    // Every slide in the presenter view passes axe too.
    const n = await slideCount(page);
    await presenter.keyboard.press('Home');
    for (let i = 1; i <= n; i += 1) {
      await presenter.locator('.presenter .now .caption').filter({ hasText: new RegExp(`^Slide ${i} of`) }).waitFor();
      await axe(presenter, `the presenter view of slide ${i}`);
      await presenter.keyboard.press('ArrowRight');
    }
    expectNone(problems, slides.url);
  } finally {
    await context.close();
  }
});

test('from file://, with no server, the presenter window still follows', async () => {
  const { context, page, problems } = await site.open({ viewport: PROJECTOR });
  try {
    const dir = pathToFileURL(path.resolve(process.env.OPSBOOK_SITE)).href + '/';
    await context.route((url) => url.href.startsWith(dir), (route) => route.continue());
    const address = slides.url.slice(site.base.length);
    const file = pathToFileURL(path.join(process.env.OPSBOOK_SITE, address, 'index.html')).href;
    await page.goto(`${file}#2`, { waitUntil: 'load' });
    await expectShown(page, 2);
    const opened = context.waitForEvent('page');
    await page.keyboard.press('p');
    const presenter = await opened;
    await presenter.waitForLoadState('load');
    await presenter.locator('.presenter .now .caption').filter({ hasText: /^Slide 2 of/ }).waitFor();
    await page.keyboard.press('ArrowRight');
    await presenter.locator('.presenter .now .caption').filter({ hasText: /^Slide 3 of/ }).waitFor();
    await presenter.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.hash === '#4');
    expectNone(problems, file);
  } finally {
    await context.close();
  }
});

test('printed, the slides give one page each', async () => {
  const { context, page, problems } = await site.open({ viewport: PROJECTOR });
  try {
    await visit(page, slides);
    const n = await slideCount(page);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
    if (pages !== n) fail(`the PDF has ${pages} pages for ${n} slides`);
    expectNone(problems, slides.url);
  } finally {
    await context.close();
  }
});

test('every slide fits a projector, and a phone shows them without sideways scrolling', async () => {
  const { context, page, problems } = await site.open({ viewport: PROJECTOR });
  try {
    await visit(page, slides);
    const n = await slideCount(page);
    for (const [label, viewport] of [['projector', PROJECTOR], ['phone', PHONE]]) {
      await page.setViewportSize(viewport);
      for (let i = 1; i <= n; i += 1) {
        await page.evaluate((i) => { location.hash = `#${i}`; }, i);
        await expectShown(page, i);
        const fits = await page.evaluate(() => {
          const slide = document.querySelector('section.slide.current');
          const body = slide.querySelector('.slide-body');
          const box = slide.getBoundingClientRect();
          return {
            sideways: document.scrollingElement.scrollWidth > innerWidth,
            inside: box.left >= 0 && box.right <= innerWidth + 0.5 && box.bottom <= innerHeight + 0.5,
            overflow: body.scrollHeight > body.clientHeight + 1 && getComputedStyle(body).overflowY !== 'visible',
          };
        });
        if (fits.sideways) {
          problems.push(`slide ${i} scrolls sideways on a ${label}: ${(await overflowingElements(page)).join(', ')}`);
        }
        if (label === 'projector' && !fits.inside) problems.push(`slide ${i} does not fit a projector's screen`);
        if (label === 'projector' && fits.overflow) problems.push(`slide ${i}'s content is cut off on a projector`);
        if (i <= 3 || i === n) await screenshot(page, `slides-${label}-${i}`);
      }
    }
    expectNone(problems, slides.url);
  } finally {
    await context.close();
  }
});

for (const colorScheme of ['light', 'dark']) {
  test(`every slide passes axe (${colorScheme})`, async () => {
    const { context, page } = await site.open({ viewport: PROJECTOR, colorScheme });
    try {
      await visit(page, slides);
      // The overview shows every slide at once.
      await page.keyboard.press('o');
      await axe(page, `${slides.url} overview (${colorScheme})`);
    } finally {
      await context.close();
    }
  });
}

test('without JavaScript the slides read as one long page, with their notes', async () => {
  const { context, page, problems } = await site.open({ javaScriptEnabled: false });
  try {
    await visit(page, slides);
    const { count, visible, notes } = await page.evaluate(() => ({
      count: document.querySelectorAll('section.slide').length,
      visible: [...document.querySelectorAll('section.slide')].filter((s) => s.getBoundingClientRect().height > 0).length,
      notes: [...document.querySelectorAll('aside.notes')].filter((s) => s.getBoundingClientRect().height > 0).length,
    }));
    if (visible !== count || notes !== count) fail(`${visible} of ${count} slides and ${notes} notes are shown`);
    if (await page.locator('.deck-controls').isVisible()) fail('the controls, which need JavaScript, are shown');
    expectNone(problems, slides.url);
  } finally {
    await context.close();
  }
});
