// Every kind of public page is valid HTML, checked by the Nu HTML checker (vnu-jar from npm,
// on the machine's Java), as cgit pipes each page through a validator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, get, rows, sql, ROOT } from '../lib/server.mjs';
import { Session, addUser } from '../lib/admin.mjs';

const VNU = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

let srv;
before(async () => {
  // Two articles a page, so listings have a page 2; a logo, so the JSON-LD has one.
  srv = await startServer({
    setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES('per_page', '2'), ('site_logo', '/static/logo.png')"),
  });
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('every public page and every newsroom screen passes the Nu HTML checker', async () => {
  addUser(srv.db, 'boss', 'admin', 'boss-password-1');
  const admin = new Session(srv.url);
  await admin.login('boss', 'boss-password-1');
  // An article whose title, dek and topics hold markup characters, with an image: its head
  // (OpenGraph, JSON-LD) must stay valid.
  const [politics] = rows(srv.db, "SELECT id FROM categories WHERE slug = 'politics'");
  const made = await admin.post('/admin/articles/new', {
    title: `عاجل </script><script>alert(1)</script> & "اقتباس" 'مفرد' <!--`, dek: 'ملخص </script> & <b>',
    body: 'نص المقال.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nhttps://www.facebook.com/page/posts/1?a=1&b=2', slug: '', category: String(politics.id), topics: 'الأمن, <وسم> & "آخر"', author: '',
    source: '', published_at: '', status: 'published', do: 'save',
  });
  assert.equal(made.status, 303);
  const [nasty] = rows(srv.db, 'SELECT max(id) AS id FROM articles');
  sql(srv.db, `UPDATE articles SET image_url = '/media/صورة.jpg' WHERE id = ${nasty.id}`);
  // The desk's parts on every page: breaking news, the editors' top stories, a correction.
  const later = Math.floor(Date.now() / 1000) + 3600;
  sql(srv.db, `UPDATE articles SET breaking_until = ${later} WHERE id = ${nasty.id};
    DELETE FROM front_slots;
    INSERT INTO front_slots(position, article_id) SELECT row_number() OVER (ORDER BY id), id FROM articles WHERE status = 'published' LIMIT 2;
    INSERT INTO corrections(article_id, body, created_at) VALUES (${nasty.id}, 'تصحيح <b>&</b>', ${later - 7200});
    UPDATE articles SET live = 1 WHERE id = ${nasty.id};
    INSERT INTO live_updates(article_id, body, created_at) VALUES (${nasty.id}, 'تحديث **أول** <b>&</b>', ${later - 7000}), (${nasty.id}, 'تحديث ثان', ${later - 6000})`);
  const [a] = rows(srv.db, "SELECT id FROM articles a WHERE status = 'published' AND EXISTS (SELECT 1 FROM comments c WHERE c.article_id = a.id AND c.status = 'approved') LIMIT 1");
  const [t] = rows(srv.db, 'SELECT t.slug FROM topics t JOIN article_topics x ON x.topic_id = t.id LIMIT 1');
  const [u] = rows(srv.db, 'SELECT u.id, u.slug FROM users u JOIN articles a ON a.author_id = u.id LIMIT 1');
  sql(srv.db, `UPDATE users SET photo_url = 'https://images.example/a.jpg', links = 'https://a.example/x?y=1&z="2"' WHERE id = ${u.id}`);
  const pages = {
    home: '/',
    article: `/a/${a.id}`,
    articleMarkupInTitle: `/a/${nasty.id}`,
    category: '/c/politics',
    categoryPage2: '/c/politics?page=2',
    topic: `/t/${encodeURIComponent(t.slug)}`,
    author: `/u/${u.slug}`,
    notfound: '/no-such-page',
    badrequest: '/c/politics?page=zero',
    staticPage: `/p/${encodeURIComponent('من-نحن')}`,
    search: `/search?q=${encodeURIComponent('المياه')}`,
    searchNoResults: `/search?q=${encodeURIComponent('كلمةلاوجودلها')}`,
    searchEmpty: '/search',
  };
  const files = [];
  for (const [name, path] of Object.entries(pages)) {
    const res = await get(srv.url, path, { redirect: 'follow' });
    assert.equal(res.status, { notfound: 404, badrequest: 400 }[name] ?? 200, path);
    const file = join(srv.dir, `${name}.html`);
    writeFileSync(file, res.text);
    files.push(file);
  }
  // The newsroom's screens, as an admin sees them.
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
    front: [admin, '/admin/front'],
    profile: [admin, `/admin/users/${u.id}/profile`],
    settings: [admin, '/admin/settings'],
    pages: [admin, '/admin/pages'],
    pageEditor: [admin, '/admin/pages/1/edit'],
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
  // Answers to posts: a save over a newer version (the conflict screen) and a save whose form
  // expired (the recovery page).
  const [ver] = rows(srv.db, `SELECT version FROM articles WHERE id = ${rev.id}`);
  const posted = {
    conflict: await admin.post(`/admin/articles/${rev.id}/edit`, { title: 'عنوان من نسخة قديمة', dek: '', body: 'نص <قديم> & "آخر"', slug: '', category: '', topics: '', author: '', source: '', published_at: '', status: 'published', version: String(ver.version - 1), do: 'save' }),
    recover: await admin.post(`/admin/articles/${rev.id}/edit`, { title: 'عنوان', body: 'نص </textarea> & <b>' }, { csrf: 'x' }),
    settingsErrors: await admin.post('/admin/settings', { site_name: '', per_page: 'x', timezone: 'Mars/Base' }),
  };
  for (const [name, res] of Object.entries(posted)) {
    assert.equal(res.status, { conflict: 409, recover: 403, settingsErrors: 422 }[name], name);
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
