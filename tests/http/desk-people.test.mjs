// People: several authors an article (ordered bylines linking to author pages, listed by the
// feeds, the JSON-LD and the API), author profiles edited by the author and by admins, and
// people of one name told apart in the editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { Session, addUser } from '../lib/admin.mjs';

let srv, editor, id;
const BOT = { headers: { 'User-Agent': 'desk-tests-bot' } };
const ids = {};
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'dana', 'editor', 'dana-password-1', 'دانة فارس');
  addUser(srv.db, 'omar', 'writer', 'omar-password-1', 'عمر الخطيب');
  addUser(srv.db, 'sara1', 'writer', 'sara1-password-1', 'سارة علي');
  addUser(srv.db, 'sara2', 'writer', 'sara2-password-1', 'سارة علي');
  for (const u of rows(srv.db, 'SELECT id, login FROM users WHERE login IS NOT NULL')) ids[u.login] = u.id;
  editor = new Session(srv.url);
  assert.equal((await editor.login('dana', 'dana-password-1')).status, 303);
  const [cat] = rows(srv.db, "SELECT id FROM categories WHERE slug = 'politics'");
  const res = await editor.post('/admin/articles/new', {
    title: 'تحقيق مشترك عن شبكات المياه', dek: 'كتبه ثلاثة', body: 'نص التحقيق.', slug: '', category: String(cat.id),
    topics: 'المياه', source: '', published_at: '', status: 'published', do: 'save',
    author: String(ids.omar), author_2: String(ids.dana), author_3: String(ids.sara2), author_4: '',
  });
  assert.equal(res.status, 303);
  id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(res.headers.location)[1]);
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const names = ['عمر الخطيب', 'دانة فارس', 'سارة علي'];

test('several authors in byline order: the page links each to their author page', async () => {
  assert.deepEqual(rows(srv.db, `SELECT user_id FROM article_authors WHERE article_id = ${id} ORDER BY position`).map((r) => r.user_id),
    [ids.omar, ids.dana, ids.sara2]);
  const page = (await get(srv.url, `/a/${id}`, { ...BOT, redirect: 'follow' })).text;
  const byline = /<span class="byline-author">([\s\S]*?)<\/span>/.exec(page)[1];
  const links = [...byline.matchAll(/<a href="([^"]+)" rel="author"><bdi>([^<]+)<\/bdi><\/a>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(links, [['/u/omar', names[0]], ['/u/dana', names[1]], ['/u/sara2', names[2]]]);
  assert.match(byline, /عمر الخطيب<\/bdi><\/a>، <a[^>]*><bdi>دانة فارس<\/bdi><\/a> و<a/, 'joined as Arabic reads them');
  // Each author's page lists it, not only the first author's.
  for (const slug of ['omar', 'dana', 'sara2']) {
    const list = (await get(srv.url, `/u/${slug}`, BOT)).text;
    assert.ok(list.includes('تحقيق مشترك عن شبكات المياه'), slug);
  }
  assert.ok(!(await get(srv.url, '/u/sara1', BOT)).text.includes('تحقيق مشترك عن شبكات المياه'));
});

test('feeds, JSON-LD and the API list every author', async () => {
  const rss = (await get(srv.url, '/feed', BOT)).text;
  const item = /<item>\n<title>تحقيق مشترك[\s\S]*?<\/item>/.exec(rss)[0];
  assert.deepEqual([...item.matchAll(/<dc:creator>([^<]+)<\/dc:creator>/g)].map((m) => m[1]), names);
  const atom = (await get(srv.url, '/feed/atom', BOT)).text;
  const entry = /<entry>\n<title>تحقيق مشترك[\s\S]*?<\/entry>/.exec(atom)[0];
  assert.deepEqual([...entry.matchAll(/<author>\n<name>([^<]+)<\/name>/g)].map((m) => m[1]), names);
  // feedparser reads them too (Debian's python3, where python3-feedparser installs it).
  if (spawnSync('/usr/bin/python3', ['-c', 'import feedparser']).status === 0) {
    const parsed = spawnSync('/usr/bin/python3', ['-c', `import feedparser,sys,json
f = feedparser.parse(sys.stdin.read())
e = [x for x in f.entries if x.title.startswith('تحقيق مشترك')][0]
print(json.dumps([a.get('name') for a in e.get('authors', [])], ensure_ascii=False))`], { input: atom, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(parsed.stdout), names);
  } else {
    console.log('# skipped the feedparser check: python3-feedparser is not installed (scripts/deps.sh --test installs it)');
  }

  const page = (await get(srv.url, `/a/${id}`, { ...BOT, redirect: 'follow' })).text;
  const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page)[1]);
  assert.deepEqual(ld.author.map((p) => [p['@type'], p.name]), names.map((n) => ['Person', n]));
  assert.match(ld.author[1].url, /\/u\/dana$/);

  const api = JSON.parse((await get(srv.url, `/api/v1/articles/${id}`)).text).article;
  assert.deepEqual(api.authors.map((a) => [a.name, a.url]), [[names[0], '/u/omar'], [names[1], '/u/dana'], [names[2], '/u/sara2']]);
  const list = JSON.parse((await get(srv.url, '/api/v1/articles?author=sara2')).text);
  assert.deepEqual(list.articles.map((a) => a.id), [id], 'a co-author finds it');
  assert.equal(list.articles[0].authors.length, 3);
  // A PATCH keeps the bylines.
  const token = sahifa(['token', 'create', '--user', 'dana', '--scope', 'articles:write', '--db', srv.db]).stdout.trim();
  const patched = await request(`${srv.url}/api/v1/articles/${id}`, { method: 'PATCH', body: JSON.stringify({ dek: 'ملخص جديد' }),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  assert.equal(patched.status, 200);
  assert.equal(JSON.parse(patched.text).article.authors.length, 3);
});

test('an author edits their own profile; the author page shows the photo, bio and links', async () => {
  const omar = new Session(srv.url);
  await omar.login('omar', 'omar-password-1');
  const account = (await omar.get('/admin/account')).text;
  assert.ok(account.includes('ملفي ككاتب'));
  const generation = rows(srv.db, 'SELECT value FROM generation')[0].value;
  const saved = await omar.post('/admin/account/profile', { name: 'عمر الخطيب', bio: 'صحفي يكتب عن البيئة والمياه.',
    photo_url: 'https://images.example/omar.jpg', links: 'https://omar.example\nhttps://social.example/@omar' });
  assert.equal(saved.status, 303);
  assert.ok(rows(srv.db, 'SELECT value FROM generation')[0].value > generation, 'cached pages go stale');
  const page = (await get(srv.url, '/u/omar', BOT)).text;
  assert.match(page, /<img class="author-photo" src="https:\/\/images\.example\/omar\.jpg" alt="عمر الخطيب"/);
  assert.ok(page.includes('صحفي يكتب عن البيئة والمياه.'));
  assert.match(page, /<a href="https:\/\/omar\.example" rel="me noopener" dir="ltr">omar\.example<\/a>/);
  assert.match(page, /<a href="https:\/\/social\.example\/@omar" rel="me noopener" dir="ltr">social\.example\/@omar<\/a>/);
  // The article page shows the bio beside the byline.
  const article = (await get(srv.url, `/a/${id}`, { ...BOT, redirect: 'follow' })).text;
  assert.match(article, /<p class="author-note"><a href="\/u\/omar"><bdi>عمر الخطيب<\/bdi><\/a>: صحفي يكتب عن البيئة والمياه\.<\/p>/);

  for (const [field, value] of [['photo_url', 'javascript:alert(1)'], ['photo_url', '//evil.example/x.png'], ['links', 'ftp://x.example'],
    ['name', ''], ['links', '/u/omar']]) {
    const bad = await omar.post('/admin/account/profile', { name: 'عمر الخطيب', bio: '', photo_url: '', links: '', [field]: value });
    assert.equal(bad.status, 422, `${field}=${value}`);
  }
  assert.equal(rows(srv.db, `SELECT photo_url FROM users WHERE id = ${ids.omar}`)[0].photo_url, 'https://images.example/omar.jpg');
});

test('admins edit anyone\'s profile, bylines without an account too; others may not', async () => {
  const admin = new Session(srv.url);
  addUser(srv.db, 'root', 'admin', 'root-password-1', 'المدير');
  await admin.login('root', 'root-password-1');
  const [byline] = rows(srv.db, 'SELECT id, slug FROM users WHERE login IS NULL LIMIT 1');
  const users = (await admin.get('/admin/users')).text;
  assert.ok(users.includes(`/admin/users/${byline.id}/profile`), 'bylines are listed with their profile');
  assert.equal((await admin.get(`/admin/users/${byline.id}/profile`)).status, 200);
  const res = await admin.post(`/admin/users/${byline.id}/profile`, { name: 'اسم جديد للكاتب', bio: 'نبذة كتبها المدير.', photo_url: '/static/logo.png', links: '' });
  assert.equal(res.status, 303);
  const page = (await get(srv.url, `/u/${byline.slug}`, BOT)).text;
  assert.ok(page.includes('اسم جديد للكاتب') && page.includes('نبذة كتبها المدير.'));
  assert.match(page, /src="\/static\/logo\.png"/);
  assert.equal((await editor.get(`/admin/users/${byline.id}/profile`)).status, 403, 'editors are not admins');
  assert.equal((await editor.post(`/admin/users/${byline.id}/profile`, { name: 'x' })).status, 403);
});

test('two people of one name are told apart in the editor', async () => {
  const html = (await editor.get(`/admin/articles/${id}/edit`)).text;
  const select = /<select id="ed-author" name="author"[^>]*>([\s\S]*?)<\/select>/.exec(html)[1];
  assert.ok(select.includes(`<option value="${ids.sara1}">سارة علي (sara1)</option>`));
  assert.ok(select.includes(`<option value="${ids.sara2}">سارة علي (sara2)</option>`));
  assert.ok(select.includes(`<option value="${ids.dana}">دانة فارس</option>`), 'a unique name stays as it is');
  const third = /<select id="ed-author_3" name="author_3"[^>]*>([\s\S]*?)<\/select>/.exec(html)[1];
  assert.match(third, new RegExp(`<option value="${ids.sara2}" selected>سارة علي \\(sara2\\)</option>`), 'the bylines as saved');
  const list = (await editor.get('/admin/articles')).text;
  assert.ok(list.includes('سارة علي (sara1)'), 'in the list filter too');
});
