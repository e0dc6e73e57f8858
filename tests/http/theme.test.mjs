// `serve --theme DIR`: a theme folder overrides the built-in files one by one, and every template
// in it is compiled at start-up with the engine's raw-output allowlist, so a template that prints
// a field raw that it may not stops the server from starting, naming the file, line and field.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, get, sahifa } from '../lib/server.mjs';

const dirs = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A theme folder holding the given files ({"templates/card.mustache": "..."}).
function theme(files) {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-theme-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('a theme folder overrides a template and a static file; the rest stays built in', async () => {
  const dir = theme({
    'templates/card.mustache': '<article class="my-card"><a href="{{url}}">{{title}}</a></article>\n',
    'static/style.css': 'body { color: #123456 }\n',
  });
  const srv = await startServer({ args: ['--theme', dir] });
  try {
    const home = await get(srv.url, '/');
    assert.equal(home.status, 200);
    assert.match(home.text, /<article class="my-card">/);
    assert.match(home.text, /الأكثر قراءة/, 'the built-in sidebar is still there');
    // Public pages inline the folder's stylesheet; the newsroom links its fingerprinted file.
    assert.ok(home.text.includes('<style>body { color: #123456 }\n</style>'), 'the stylesheet is inline');
    const login = await get(srv.url, '/admin/login');
    const css = /href="(\/static\/style\.[0-9a-f]+\.css)"/.exec(login.text);
    assert.ok(css, 'the fingerprinted stylesheet is linked');
    assert.equal((await get(srv.url, css[1])).text, 'body { color: #123456 }\n');
  } finally {
    assert.equal(await srv.stop(), 0);
    srv.cleanup();
  }
});

// Runs `serve --theme DIR` on a fresh database; it must exit at once, not listen.
function refused(dir) {
  const work = mkdtempSync(join(tmpdir(), 'sahifa-theme-db-'));
  dirs.push(work);
  const db = join(work, 'site.db');
  assert.equal(sahifa(['init', '--db', db, '--demo']).status, 0);
  const r = sahifa(['serve', '--db', db, '--listen', '127.0.0.1:0', '--access-log', 'off', '--theme', dir],
    { timeout: 20000 });
  assert.equal(r.status, 1, `serve exited with ${r.status} (${r.signal ?? 'no signal'}): ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /listening on/);
  return r.stderr;
}

test('serve --theme refuses to start on raw output hidden behind a delimiter change', () => {
  const dir = theme({ 'templates/article.mustache': '<main>\n{{=<% %>=}}\n<h1><%& article.title %></h1>\n</main>\n' });
  const stderr = refused(dir);
  assert.ok(stderr.includes(`${dir}/templates/article.mustache:3: raw output of 'article.title' is not allowed`), stderr);
  assert.match(stderr, /\(only: body_html, title_html, snippet_html, page\.jsonld_escaped, style_escaped\)/);
});

test('serve --theme refuses a dotted path to an allowed name, in a partial no page uses yet', () => {
  const dir = theme({ 'templates/parts/teaser.mustache': '{{#article}}\n{{{source.body_html}}}\n{{/article}}\n' });
  const stderr = refused(dir);
  assert.ok(stderr.includes(`${dir}/templates/parts/teaser.mustache:2: raw output of 'source.body_html' is not allowed`), stderr);
});

test('serve --theme refuses a template that does not compile', () => {
  const dir = theme({ 'templates/home.mustache': 'x\n{{#latest}}\n' });
  const stderr = refused(dir);
  assert.ok(stderr.includes(`${dir}/templates/home.mustache:2: unclosed section 'latest'`), stderr);
});
