// The command line: help, version, init, refusals with the right exit status and a message that
// names what is wrong, search queries with exclusions, read-only databases, serve's warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, sahifa, rows, sql, get, startServer } from '../lib/server.mjs';

test('--help lists the commands; COMMAND --help describes one; --version', () => {
  const help = sahifa(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /serve/);
  assert.match(help.stdout, /init/);
  const serve = sahifa(['serve', '--help']);
  assert.equal(serve.status, 0);
  assert.match(serve.stdout, /--listen ADDR:PORT/);
  assert.match(sahifa(['--version']).stdout, /^sahifa \d+\.\d+\.\d+$/m);
});

test('unknown commands and options are refused with status 2', () => {
  assert.equal(sahifa(['frobnicate']).status, 2);
  assert.equal(sahifa(['serve', '--no-such-option']).status, 2);
  assert.equal(sahifa([]).status, 2);
});

test('init --demo makes the demo site once and refuses a database that has articles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cli-'));
  const db = join(dir, 'x.db');
  assert.equal(sahifa(['init', '--db', db, '--demo']).status, 0);
  const [counts] = rows(db, `SELECT (SELECT count(*) FROM articles WHERE status = 'published') AS articles,
    (SELECT count(*) FROM categories) AS categories, (SELECT count(*) FROM topics) AS topics,
    (SELECT count(DISTINCT author_id) FROM articles) AS authors, (SELECT count(*) FROM comments) AS comments,
    (SELECT count(*) FROM views_hourly) AS views`);
  assert.ok(counts.articles >= 40, `${counts.articles} articles`);
  assert.ok(counts.categories >= 6, `${counts.categories} categories`);
  assert.ok(counts.topics >= 20, `${counts.topics} topics`);
  assert.ok(counts.authors >= 2 && counts.comments > 0 && counts.views > 0);
  const again = sahifa(['init', '--db', db, '--demo']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already has articles/);
  assert.equal(sahifa(['init', '--db', db]).status, 0, 'plain init on an existing database is a no-op');
  rmSync(dir, { recursive: true, force: true });
});

test('serve refuses a bad listen address', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cli-'));
  const r = sahifa(['serve', '--db', join(dir, 'x.db'), '--listen', 'not-an-address']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot listen/);
  rmSync(dir, { recursive: true, force: true });
});

test('serve: a port outside 0..65535 is refused, not wrapped; a busy port is one clear line naming the address', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cli-'));
  const db = join(dir, 'x.db');
  for (const listen of ['127.0.0.1:99999', '127.0.0.1:65536', '127.0.0.1:-1', '127.0.0.1:80a', '127.0.0.1:', '127.0.0.1:0000080']) {
    // A port taken modulo 65536 would serve: the timeout ends such a run (status null).
    const r = sahifa(['serve', '--db', db, '--listen', listen], { timeout: 10000 });
    assert.equal(r.status, 1, listen);
    assert.match(r.stderr, new RegExp(`cannot listen on ${listen.replace(/[.]/g, '\\.')}: .*port from 1 to 65535`), listen);
    assert.ok(!r.stderr.includes('listening on'), `${listen}: nothing listens`);
  }
  const srv = await startServer();
  try {
    const listen = srv.url.replace('http://', '');
    const r = sahifa(['serve', '--db', db, '--listen', listen], { timeout: 10000 });
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(`error: cannot listen on ${listen.replace(/[.]/g, '\\.')}: Address already in use`));
    assert.ok(!/port 0|Failed to bind/.test(r.stderr), r.stderr);
  } finally {
    assert.equal(await srv.stop(), 0);
    srv.cleanup();
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a bad value is named, with the values that would do; bad numbers and missing values too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cli-'));
  const db = join(dir, 'x.db');
  assert.equal(sahifa(['init', '--db', db]).status, 0);
  const cases = [
    [['import', '--db', db, '--format', 'csv', dir], /sahifa import: unknown format "csv" \(auto, text, html, jsonl or wxr\)/],
    [['user', 'add', 'bob', '--role', 'chief', '--db', db], /sahifa user: unknown role "chief" \(admin, editor, writer or moderator\)/],
    [['user', 'promote', 'bob', '--db', db], /sahifa user: unknown action "promote" \(add, list, passwd, disable or enable\)/],
    [['export', '--db', db, '--format', 'pdf'], /sahifa export: unknown format "pdf" \(jsonl or wxr\)/],
    [['comments', 'list', '--status', 'hidden', '--db', db], /sahifa comments: unknown status "hidden" \(pending, approved, spam, deleted or all\)/],
    [['token', 'create', '--user', 'bob', '--scope', 'everything', '--db', db], /sahifa token: unknown scope "everything"/],
    [['search', '--db', db, '--limit', 'ten', 'x'], /sahifa search: --limit ten: a whole number from 1 to 1000 is needed/],
    [['serve', '--db', db, '--threads', '0'], /sahifa serve: --threads 0: a whole number from 1 to 1024 is needed/],
    [['serve', '--db'], /sahifa serve: --db needs a value/],
    [['init', '--db', db, '--no-such-option'], /sahifa init: unknown option --no-such-option/],
    [['import', '--db', db], /sahifa import: no PATH given/],
  ];
  for (const [args, message] of cases) {
    const r = sahifa(args, { input: 'a-long-password-1\n' });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, /\nusage: sahifa /, `${args.join(' ')}: the synopsis follows`);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('search: a word starting with - is a word of the query (an exclusion), after the others, first, or after --', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cli-'));
  const db = join(dir, 'x.db');
  assert.equal(sahifa(['init', '--db', db, '--demo']).status, 0);
  const ids = (...query) => {
    const r = sahifa(['search', '--db', db, '--json', '--limit', '100', ...query]);
    assert.equal(r.status, 0, `${query.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout).results.map((a) => a.id).sort();
  };
  const all = ids('الإسكان');
  const without = ids('الإسكان', '-النواب');
  const mention = new Set(rows(db, "SELECT id FROM articles WHERE title || ' ' || body LIKE '%النواب%'").map((a) => a.id));
  assert.ok(all.some((id) => mention.has(id)) && all.some((id) => !mention.has(id)), 'some articles on housing mention the deputies, some not');
  assert.deepEqual(without, all.filter((id) => !mention.has(id)), 'those are excluded');
  assert.deepEqual(ids('-النواب', 'الإسكان'), without, 'the exclusion first');
  assert.deepEqual(ids('--', 'الإسكان', '-النواب'), without, 'after --');
  rmSync(dir, { recursive: true, force: true });
});

test('the command line speaks English; the site and the newsroom Arabic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cli-'));
  const db = join(dir, 'x.db');
  assert.equal(sahifa(['init', '--db', db]).status, 0);
  const arabic = /[\u0600-\u06FF]/;
  const runs = [
    sahifa(['user', 'add', 'bob', '--role', 'writer', '--db', db], { input: 'short\n' }),
    sahifa(['user', 'add', 'bob', '--role', 'writer', '--db', db], { input: Buffer.from([0xff, 0xfe, ...Buffer.from('-not-text-but-long\n')]) }),
    sahifa(['user', 'passwd', 'nobody', '--db', db], { input: 'a-long-password-1\n' }),
    sahifa(['search', '--db', join(dir, 'none.db'), 'x']),
    sahifa(['comments', 'approve', '999', '--db', db]),
    sahifa(['import', '--db', db, join(dir, 'missing.jsonl')]),
  ];
  for (const r of runs) {
    assert.notEqual(r.status, 0, r.stderr);
    assert.ok(r.stderr.length > 0);
    assert.ok(!arabic.test(r.stderr), r.stderr);
  }
  assert.match(runs[0].stderr, /the password is too short: at least 10 characters/);
  assert.ok(!arabic.test(sahifa(['--help']).stdout));
  rmSync(dir, { recursive: true, force: true });
});

// Root writes anywhere, so as root the checks run as the user nobody (setpriv, util-linux).
const ROOT_USER = process.getuid?.() === 0;
const SETPRIV = spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
const asUser = (args, options) => (ROOT_USER
  ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', BIN, ...args], { encoding: 'utf8', ...options })
  : sahifa(args, options));

test('a database in a read-only folder or file: a clear message, no SQL error', { skip: ROOT_USER && !SETPRIV && 'skipped: running as root without setpriv (util-linux)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cli-'));
  chmodSync(dir, 0o755);
  const ro = join(dir, 'ro');
  mkdirSync(ro);
  assert.equal(sahifa(['init', '--db', join(ro, 'site.db')]).status, 0);
  const ownBy = (path) => ROOT_USER && chownSync(path, 65534, 65534);
  ownBy(join(ro, 'site.db'));
  chmodSync(ro, 0o555);
  for (const args of [['init', '--db', join(ro, 'new.db')], ['serve', '--db', join(ro, 'site.db'), '--listen', '127.0.0.1:0'],
    ['search', '--db', join(ro, 'site.db'), 'x']]) {
    const r = asUser(args);
    assert.equal(r.status, 1, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`sahifa: cannot write to ${ro}: read-only`), args[0]);
    assert.ok(!/SQL|readonly database|listening/.test(r.stderr), r.stderr);
  }
  const rw = join(dir, 'rw');
  mkdirSync(rw);
  assert.equal(sahifa(['init', '--db', join(rw, 'site.db')]).status, 0);
  ownBy(rw);
  chmodSync(join(rw, 'site.db'), 0o444);
  const r = asUser(['search', '--db', join(rw, 'site.db'), 'x']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`sahifa: cannot write to ${join(rw, 'site.db')}: read-only`));
  chmodSync(ro, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

test('serve warns after "listening on" when site_url is unset, and not when it is set', async () => {
  const bare = await startServer();
  const set = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES('site_url', 'https://news.example')") });
  try {
    await get(bare.url, '/healthz');
    await get(set.url, '/healthz');
    await new Promise((r) => setTimeout(r, 200));
    const lines = bare.stderr().split('\n');
    assert.match(lines[0], /^listening on /);
    assert.ok(lines.some((l) => /warn: site_url is not set: absolute addresses .* follow each request's Host header/.test(l)), bare.stderr());
    assert.ok(!set.stderr().includes('site_url'), set.stderr());
  } finally {
    for (const s of [bare, set]) {
      assert.equal(await s.stop(), 0);
      s.cleanup();
    }
  }
});
