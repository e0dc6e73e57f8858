// Every kind of public page is valid HTML, checked by the Nu HTML checker (vnu-jar from npm,
// on the machine's Java), as cgit pipes each page through a validator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, get, rows, ROOT } from '../lib/server.mjs';
import { Session, addUser } from '../lib/admin.mjs';

const VNU = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('every public page and every newsroom screen passes the Nu HTML checker', async () => {
  const [a] = rows(srv.db, "SELECT id FROM articles a WHERE status = 'published' AND EXISTS (SELECT 1 FROM comments c WHERE c.article_id = a.id AND c.status = 'approved') LIMIT 1");
  const [t] = rows(srv.db, 'SELECT t.slug FROM topics t JOIN article_topics x ON x.topic_id = t.id LIMIT 1');
  const [u] = rows(srv.db, 'SELECT u.slug FROM users u JOIN articles a ON a.author_id = u.id LIMIT 1');
  const pages = {
    home: '/',
    article: `/a/${a.id}`,
    category: '/c/politics',
    topic: `/t/${encodeURIComponent(t.slug)}`,
    author: `/u/${u.slug}`,
    notfound: '/no-such-page',
    badrequest: '/c/politics?page=zero',
    search: `/search?q=${encodeURIComponent('المياه')}`,
    searchEmpty: '/search',
  };
  const files = [];
  for (const [name, path] of Object.entries(pages)) {
    const res = await get(srv.url, path, { redirect: 'follow' });
    assert.ok([200, 400, 404].includes(res.status), `${path}: ${res.status}`);
    const file = join(srv.dir, `${name}.html`);
    writeFileSync(file, res.text);
    files.push(file);
  }
  // The newsroom's screens, as an admin sees them.
  addUser(srv.db, 'boss', 'admin', 'boss-password-1');
  const admin = new Session(srv.url);
  await admin.login('boss', 'boss-password-1');
  const [rev] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' LIMIT 1");
  await admin.post(`/admin/articles/${rev.id}/edit`, { title: 'عنوان معدل للاختبار', dek: '', body: 'نص جديد', slug: '', category: '', topics: '', author: '', source: '', published_at: '', status: 'published', do: 'save' });
  const [r1] = rows(srv.db, `SELECT id FROM revisions WHERE article_id = ${rev.id} LIMIT 1`);
  const screens = {
    adminLogin: [new Session(srv.url), '/admin/login'],
    dashboard: [admin, '/admin/'],
    adminArticles: [admin, '/admin/articles'],
    editorNew: [admin, '/admin/articles/new'],
    editor: [admin, `/admin/articles/${rev.id}/edit`],
    revisions: [admin, `/admin/articles/${rev.id}/revisions`],
    diff: [admin, `/admin/articles/${rev.id}/revisions/${r1.id}`],
    categories: [admin, '/admin/categories'],
    topics: [admin, '/admin/topics'],
    moderation: [admin, '/admin/comments'],
    users: [admin, '/admin/users'],
    account: [admin, '/admin/account'],
  };
  for (const [name, [session, path]] of Object.entries(screens)) {
    const res = await session.get(path);
    assert.equal(res.status, 200, path);
    const file = join(srv.dir, `${name}.html`);
    writeFileSync(file, res.text);
    files.push(file);
  }
  // A page the checker must reject, so this test cannot pass by reading nothing.
  const broken = join(srv.dir, 'broken.html');
  writeFileSync(broken, '<!doctype html><html lang="ar"><head><title>x</title></head><body><p><div></span></body></html>');
  // vnu writes its JSON report on stderr, with or without errors.
  const run = spawnSync('java', ['-jar', VNU, '--format', 'json', '--errors-only', ...files, broken], { encoding: 'utf8' });
  const messages = JSON.parse(run.stderr).messages.filter((m) => m.type === 'error');
  assert.ok(messages.some((m) => m.url.endsWith('broken.html')), 'the checker ran and rejected the broken page');
  const ours = messages.filter((m) => !m.url.endsWith('broken.html'));
  assert.deepEqual(ours.map((m) => `${m.url.split('/').pop()}:${m.lastLine}: ${m.message}`), []);
});
