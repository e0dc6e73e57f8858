// The command line: help, version, init, and refusals with the right exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sahifa, rows } from '../lib/server.mjs';

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
