// The Nu Html Checker finds no error in any HTML page of the site.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fail } from './lib/site.js';

const VNU = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json')),
  'build/dist/vnu.jar');

test('every HTML page passes the Nu Html Checker (errors only)', () => {
  const site = process.env.OPSBOOK_SITE;
  assert.ok(site, 'OPSBOOK_SITE is not set: run tests/browser/run.sh SITE_DIR');
  const pages = fs.readdirSync(site, { recursive: true }).filter((f) => f.endsWith('.html'));
  assert.ok(pages.length > 0, `no HTML pages in ${site}`);

  const run = spawnSync('java', ['-jar', VNU, '--skip-non-html', '--errors-only', '--format', 'json', '--stdout', site],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ifError(run.error);
  let messages;
  try {
    ({ messages } = JSON.parse(run.stdout));
  } catch {
    fail(`vnu gave no report (exit ${run.status}):\n${run.stderr}`);
  }
  const lines = messages
    .map((m) => ({ ...m, file: m.url ? path.relative(site, fileURLToPath(m.url)) : '?' }))
    .sort((a, b) => a.file.localeCompare(b.file) || (a.lastLine ?? 0) - (b.lastLine ?? 0))
    .map((m) => `${m.file}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ` +
      `${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}` +
      (m.extract ? `\n    ${m.extract.replace(/\n/g, ' ').trim()}` : ''));
  if (lines.length > 0) fail(`${lines.length} errors in ${pages.length} pages:\n${lines.join('\n')}`);
  assert.equal(run.status, 0, `vnu exited with ${run.status}: ${run.stderr}`);
  console.log(`vnu: ${pages.length} pages, 0 errors`);
});
