// The CDN purge hook (setting cdn_purge): after a change, the paths it made stale are sent to
// a URL template, or written as a log line, by the real server. A small HTTP server here plays
// the CDN and records what it is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, rows, sql, sahifa } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { addUser, Session } from '../lib/admin.mjs';

// Waits until check() is true, polling every 100 ms, for up to 5 seconds.
async function until(check, what) {
  for (let i = 0; i < 50; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`not within 5 seconds: ${what}`);
}

function token(db) {
  addUser(db, 'ed', 'editor');
  const t = sahifa(['token', 'create', '--user', 'ed', '--scope', 'articles:write', '--db', db]);
  assert.equal(t.status, 0, t.stderr);
  return t.stdout.trim();
}

const send = (srv, t, method, path, body) => request(srv.url + path, {
  method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t}` },
}).then((res) => ({ ...res, body: JSON.parse(res.text) }));

test('a URL template is called with every path an edit made stale, with the method set', async () => {
  const seen = [];
  const cdn = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url });
    res.end('purged');
  });
  await new Promise((r) => cdn.listen(0, '127.0.0.1', r));
  const port = cdn.address().port;
  const srv = await startServer({
    setup: (db) => sql(db, `INSERT INTO settings(key, value) VALUES ('cdn_purge', 'http://127.0.0.1:${port}/purge{path}'),
      ('cdn_purge_method', 'DELETE')`),
  });
  try {
    const t = token(srv.db);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(seen, [], 'changes made before the start are not purged');
    const [a] = rows(srv.db, `SELECT a.id, a.slug, c.slug AS category, u.slug AS author FROM articles a
      JOIN categories c ON c.id = a.category_id JOIN users u ON u.id = a.author_id
      WHERE a.status = 'published' AND EXISTS (SELECT 1 FROM article_topics x WHERE x.article_id = a.id) LIMIT 1`);
    const topics = rows(srv.db, `SELECT t.slug FROM topics t JOIN article_topics x ON x.topic_id = t.id WHERE x.article_id = ${a.id}`);
    assert.equal((await send(srv, t, 'PATCH', `/api/v1/articles/${a.id}`, { dek: 'ملخص جديد يطلب التحديث' })).status, 200);
    const article = `/purge/a/${a.id}/${encodeURIComponent(a.slug)}`;
    await until(() => seen.some((s) => s.url === article), article);
    await new Promise((r) => setTimeout(r, 300));
    const urls = seen.map((s) => s.url);
    assert.ok(seen.every((s) => s.method === 'DELETE'), 'cdn_purge_method');
    for (const p of [`/a/${a.id}`, '/', '/feed', '/feed/atom', '/sitemap.xml', '/sitemap-news.xml',
      `/c/${a.category}`, `/c/${a.category}/feed`, `/u/${a.author}`, '/api/v1/articles', `/api/v1/articles/${a.id}`,
      ...topics.map((x) => `/t/${encodeURIComponent(x.slug)}`)])
      assert.ok(urls.includes(`/purge${p}`), `purged: ${p}`);
    assert.equal(new Set(urls).size, urls.length, 'each path once');
    assert.ok(!urls.some((u) => u.includes('?')), 'paths only');
  } finally {
    assert.equal(await srv.stop(), 0);
    srv.cleanup();
    cdn.close();
  }
});

test('cdn_purge=log writes a line with the paths; a change every page shows purges everything', async () => {
  const srv = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES ('cdn_purge', 'log')") });
  try {
    const [c] = rows(srv.db, "SELECT id FROM comments WHERE status = 'approved' LIMIT 1");
    const [{ article_id: id }] = rows(srv.db, `SELECT article_id FROM comments WHERE id = ${c.id}`);
    // A moderator hides a comment from the command line: another process, the same database.
    assert.equal(sahifa(['comments', 'reject', String(c.id), '--db', srv.db]).status, 0);
    await until(() => / info: purge .*\/a\//.test(srv.stderr()), 'a purge line');
    const line = srv.stderr().split('\n').find((l) => / info: purge /.test(l));
    assert.ok(line.includes(` /a/${id} `) || line.endsWith(` /a/${id}`), line);
    assert.ok(line.includes(' / '), 'the home page');
    // A category renamed in the newsroom: its name is in every page's navigation.
    addUser(srv.db, 'ed', 'editor');
    const editor = new Session(srv.url);
    assert.equal((await editor.login('ed', 'a-long-password-1')).status, 303);
    const [cat] = rows(srv.db, 'SELECT id, slug, description FROM categories LIMIT 1');
    const before = srv.stderr().length;
    assert.equal((await editor.post(`/admin/categories/${cat.id}`, { do: 'rename', name: 'اسم جديد', slug: cat.slug, description: cat.description })).status, 303);
    await until(() => / info: purge \/\.\*\n/.test(srv.stderr().slice(before)), 'a purge of everything, alone');
  } finally {
    assert.equal(await srv.stop(), 0);
    srv.cleanup();
  }
});
