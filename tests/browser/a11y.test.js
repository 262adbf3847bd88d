// axe-core finds no serious or critical WCAG 2.1 A/AA violation on any page type, in the light
// and in the dark colour scheme.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, test } from 'node:test';
import { fail, screenshot, startSite, visit } from './lib/site.js';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const IMPACTS = ['serious', 'critical'];

const site = await startSite();
after(() => site.close());

for (const colorScheme of ['light', 'dark']) {
  for (const type of site.pageTypes) {
    test(`${type.name} page has no serious accessibility violations (${colorScheme})`, async () => {
      const { context, page } = await site.open({ colorScheme });
      try {
        await visit(page, type);
        await page.evaluate(AXE_SOURCE);
        const { violations } = await page.evaluate((tags) => window.axe.run(document, {
          runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
        const serious = violations.filter((v) => IMPACTS.includes(v.impact));
        if (colorScheme === 'dark' && type.name === 'home') await screenshot(page, 'home-desktop-dark');
        if (serious.length > 0) fail(`${type.url} (${colorScheme})\n${formatViolations(serious)}`);
      } finally {
        await context.close();
      }
    });
  }
}

/** One block per rule: id, impact, help and link, then each element with axe's advice. */
function formatViolations(violations, maxNodes = 8) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, maxNodes).map((n) =>
      `    at ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ` +
      n.failureSummary.replace(/\n\s*/g, '\n      '));
    if (v.nodes.length > maxNodes) nodes.push(`    … and ${v.nodes.length - maxNodes} more elements`);
    return `  ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n${nodes.join('\n')}`;
  }).join('\n');
}
