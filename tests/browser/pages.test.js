// Every page type loads cleanly under /archive/, stays on 127.0.0.1, and fits a phone and a
// desktop screen without horizontal scrolling. Screenshots of key pages go to target/browser-artifacts/.
import { after, test } from 'node:test';
import { DESKTOP, PHONE, expectNone, overflowingElements, screenshot, slug, startSite, visit } from './lib/site.js';

const SCREENSHOTS = ['home', 'week', 'slides', 'incident', 'team', 'action items', 'on-call', 'trends', 'SLO', 'alerts index'];

const site = await startSite();
after(() => site.close());

for (const type of site.pageTypes) {
  test(`${type.name} page loads cleanly and fits phone and desktop widths`, async () => {
    const { context, page, problems } = await site.open();
    try {
      await visit(page, type);
      for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
        await page.setViewportSize(viewport);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth }));
        if (scrollWidth > innerWidth) {
          problems.push(`scrolls sideways on a ${label} screen (${viewport.width}×${viewport.height}): ` +
            `${scrollWidth}px of content in ${innerWidth}px; sticking out: ` +
            (await overflowingElements(page)).join(', '));
        }
        if (SCREENSHOTS.includes(type.name)) await screenshot(page, `${slug(type.name)}-${label}`);
      }
      expectNone(problems, type.url);
    } finally {
      await context.close();
    }
  });
}
