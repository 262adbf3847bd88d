// No address on any page of the site can run script: every href, src, action, formaction and
// xlink:href (and a redirect's meta refresh) of every HTML page and SVG image, as Chromium's own
// parser reads it, character references decoded, and normalised as its URL parser does before it
// reads a scheme, starts with neither javascript:, data: nor vbscript:.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { chromium } from 'playwright-core';
import { fail } from './lib/site.js';

const ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'srcset'];
const BAD = ['javascript:', 'data:', 'vbscript:'];

const site = process.env.OPSBOOK_SITE;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
after(() => browser.close());

/** The addresses of a document, as [element, attribute, value], read by Chromium's parser. */
function addressesIn(page, text, type) {
  return page.evaluate(({ text, type, attributes }) => {
    const doc = new DOMParser().parseFromString(text, type);
    const found = [];
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (!attributes.includes(name)) continue;
        const values = name === 'srcset' ? attr.value.split(',').map((c) => c.trim().split(/\s+/)[0]) : [attr.value];
        for (const value of values) found.push([el.localName, name, value]);
      }
      if (el.localName === 'meta' && el.getAttribute('http-equiv')?.toLowerCase() === 'refresh') {
        const url = /url\s*=\s*(.*)$/i.exec(el.getAttribute('content') ?? '');
        if (url) found.push(['meta', 'http-equiv=refresh', url[1].replace(/^['"]|['"]$/g, '')]);
      }
    }
    return found;
  }, { text, type, attributes: ATTRIBUTES });
}

/** What a browser's URL parser reads a scheme from: C0 controls and spaces trimmed, tabs and newlines removed, lower case. */
const normalise = (url) => url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '').toLowerCase();
const bad = (url) => BAD.some((scheme) => normalise(url).startsWith(scheme));

test('the check itself catches each disguise of a script address', async () => {
  const page = await browser.newPage();
  try {
    const found = await addressesIn(page,
      '<a href=" \u0001JaVa&#x09;Script&colon;x()">a</a><img src="&#100;ata:x"><form action="vbscript:x"></form>' +
      '<svg><a xlink:href="java&NewLine;script:x"></a></svg><button formaction="https://example.com/">b</button>',
      'text/html');
    assert.deepEqual(found.map(([, , value]) => bad(value)), [true, true, true, true, false]);
  } finally {
    await page.close();
  }
});

test('no page or image of the site has a javascript:, data: or vbscript: address', async () => {
  assert.ok(site, 'OPSBOOK_SITE is not set: run tests/browser/run.sh SITE_DIR');
  const files = fs.readdirSync(site, { recursive: true }).filter((f) => /\.(html|svg)$/.test(f)).sort();
  assert.ok(files.some((f) => f.endsWith('.html')), `no HTML pages in ${site}`);
  const page = await browser.newPage();
  const problems = [];
  let checked = 0;
  try {
    for (const file of files) {
      const text = fs.readFileSync(path.join(site, file), 'utf8');
      const type = file.endsWith('.svg') ? 'image/svg+xml' : 'text/html';
      for (const [element, attribute, value] of await addressesIn(page, text, type)) {
        checked += 1;
        if (bad(value)) problems.push(`${file}: <${element} ${attribute}="${value}">`);
      }
    }
  } finally {
    await page.close();
  }
  if (problems.length > 0) fail(`${problems.length} script-capable addresses:\n  ${problems.join('\n  ')}`);
  assert.ok(checked > files.length, `only ${checked} addresses in ${files.length} files: the check read nothing`);
  console.log(`safety: ${checked} addresses in ${files.length} files, none javascript:, data: or vbscript:`);
});
