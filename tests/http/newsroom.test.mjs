// The newsroom over HTTP: login, sessions, roles, CSRF, throttling, the editor, scheduling,
// revisions, taxonomy, moderation and users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { Session, addUser, field } from '../lib/admin.mjs';

let srv;
const people = {};
before(async () => {
  srv = await startServer();
  for (const role of ['admin', 'editor', 'writer', 'moderator']) people[role] = addUser(srv.db, role, role, `${role}-password-1`);
  addUser(srv.db, 'writer2', 'writer', 'writer2-password-1');
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

async function as(role) {
  const s = new Session(srv.url);
  const res = await s.login(role, `${role}-password-1`);
  assert.equal(res.status, 303, `${role} logs in`);
  return s;
}

const article = (fields) => ({ title: 'عنوان تجريبي', dek: '', body: 'نص المقال.', slug: '', category: '', topics: '',
  author: '', source: '', published_at: '', status: 'draft', do: 'save', ...fields });

test('anonymous readers get the login page; a login gives a session cookie that works', async () => {
  const res = await get(srv.url, '/admin/articles');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/login?next=%2Fadmin%2Farticles');
  const s = new Session(srv.url);
  const login = await s.login('editor', 'editor-password-1', '/admin/articles');
  assert.equal(login.status, 303);
  assert.equal(login.headers['location'], '/admin/articles');
  assert.match(login.headers['set-cookie'][0], /^sahifa_session=[0-9a-f]{64}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
  assert.equal((await s.get('/admin/articles')).status, 200);
  const stored = rows(srv.db, 'SELECT token_hash FROM sessions');
  assert.ok(stored.every((x) => !s.cookie.includes(x.token_hash)), 'the token is stored hashed');
});

test('a wrong password and an unknown login get the same answer', async () => {
  const s = new Session(srv.url);
  const a = await s.login('editor', 'wrong-password');
  const b = await new Session(srv.url).login('nobody-here', 'wrong-password');
  assert.equal(a.status, 403);
  assert.equal(b.status, 403);
  assert.ok(a.text.includes('اسم المستخدم أو كلمة المرور غير صحيحة'));
  assert.ok(b.text.includes('اسم المستخدم أو كلمة المرور غير صحيحة'));
  sql(srv.db, 'DELETE FROM login_failures');
});

test('login throttling: per account after 5 failures, per address after 10', async () => {
  const s = new Session(srv.url);
  s.from = '127.0.5.1';
  for (let i = 0; i < 5; i++) assert.equal((await s.login('moderator', 'nope-nope-nope')).status, 403);
  const locked = await s.login('moderator', 'moderator-password-1');
  assert.equal(locked.status, 429, 'even the right password, for a while');
  assert.ok(locked.text.includes('أُوقف الدخول إلى هذا الحساب مؤقتًا'));
  const other = new Session(srv.url);
  other.from = '127.0.5.2';
  for (let i = 0; i < 10; i++) await other.login(`someone${i}`, 'nope-nope-nope');
  const blocked = await other.login('writer', 'writer-password-1');
  assert.equal(blocked.status, 429);
  assert.ok(blocked.text.includes('محاولات دخول كثيرة من هذا العنوان'));
  sql(srv.db, 'DELETE FROM login_failures');
});

test('next= leads only to paths on this site', async () => {
  const attempts = ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '\\\\evil', 'http:/evil', '/admin/\r\nSet-Cookie: x=1'];
  for (const next of attempts) {
    const res = await new Session(srv.url).login('editor', 'editor-password-1', next);
    assert.equal(res.status, 303, next);
    assert.equal(res.headers['location'], '/admin/', `${JSON.stringify(next)} → ${res.headers['location']}`);
  }
  const ok = await new Session(srv.url).login('editor', 'editor-password-1', '/admin/comments?status=spam');
  assert.equal(ok.headers['location'], '/admin/comments?status=spam');
});

test('a form without the session CSRF token is refused', async () => {
  const s = await as('editor');
  const before = Number(sql(srv.db, 'SELECT count(*) FROM articles'));
  const none = await s.post('/admin/articles/new', article({ title: 'بلا رمز' }), { csrf: false });
  assert.equal(none.status, 403);
  const wrong = await s.post('/admin/articles/new', article({ title: 'رمز خاطئ' }), { csrf: 'x'.repeat(64) });
  assert.equal(wrong.status, 403);
  assert.equal(Number(sql(srv.db, 'SELECT count(*) FROM articles')), before);
  const right = await s.post('/admin/articles/new', article({ title: 'برمز صحيح' }));
  assert.equal(right.status, 303);
});

test('logout, log out everywhere, idle and absolute expiry end sessions', async () => {
  const s = await as('editor');
  assert.equal((await s.post('/admin/logout')).status, 303);
  assert.equal((await s.get('/admin/')).status, 303, 'logged out');

  const a = await as('editor');
  const b = await as('editor');
  assert.notEqual(a.cookie, b.cookie, 'a new token at every login');
  await a.post('/admin/account/logout-all');
  assert.equal((await b.get('/admin/')).status, 303, 'the other session ended too');

  const idle = await as('editor');
  sql(srv.db, `UPDATE sessions SET seen_at = seen_at - 9 * 3600`);
  assert.equal((await idle.get('/admin/')).status, 303, 'idle too long');
  const old = await as('editor');
  sql(srv.db, `UPDATE sessions SET expires_at = strftime('%s','now') - 1`);
  assert.equal((await old.get('/admin/')).status, 303, 'past its absolute expiry');
});

test("roles: a writer cannot publish or edit another's article; a moderator cannot edit articles", async () => {
  const writer = await as('writer');
  const published = await writer.post('/admin/articles/new', article({ title: 'محاولة نشر', status: 'published' }));
  assert.equal(published.status, 422);
  assert.ok(published.text.includes('لا يمكنك إعطاء المقال هذه الحالة'));
  const draft = await writer.post('/admin/articles/new', article({ title: 'مسودة الكاتب', status: 'review' }));
  assert.equal(draft.status, 303);
  const id = /\/admin\/articles\/(\d+)\/edit/.exec(draft.headers.location)[1];
  assert.equal(rows(srv.db, `SELECT u.login FROM articles a JOIN users u ON u.id = a.author_id WHERE a.id = ${id}`)[0].login, 'writer');

  const writer2 = new Session(srv.url);
  await writer2.login('writer2', 'writer2-password-1');
  assert.equal((await writer2.get(`/admin/articles/${id}/edit`)).status, 403);
  assert.equal((await writer2.post(`/admin/articles/${id}/edit`, article({ title: 'سرقة' }))).status, 403);
  const [demo] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' LIMIT 1");
  assert.equal((await writer.get(`/admin/articles/${demo.id}/edit`)).status, 403);

  const moderator = await as('moderator');
  assert.equal((await moderator.get('/admin/articles')).status, 403);
  assert.equal((await moderator.get(`/admin/articles/${demo.id}/edit`)).status, 403);
  assert.equal((await moderator.post(`/admin/articles/${demo.id}/edit`, article({}))).status, 403);
  assert.equal((await moderator.get('/admin/comments')).status, 200);
  assert.equal((await (await as('editor')).get('/admin/users')).status, 403, 'only admins manage users');
  assert.equal((await (await as('admin')).get('/admin/users')).status, 200);
});

test('the editor: preview, save, publish with topics created on the fly, a revision per save', async () => {
  const s = await as('editor');
  const [cat] = rows(srv.db, "SELECT id, slug FROM categories WHERE slug = 'economy'");
  const preview = await s.post('/admin/articles/new', article({ title: 'معاينة', body: '**نص عريض**', do: 'preview' }));
  assert.equal(preview.status, 200);
  assert.ok(preview.text.includes('<strong>نص عريض</strong>'));
  const bad = await s.post('/admin/articles/new', article({ title: '', body: 'نص' }));
  assert.equal(bad.status, 422);
  assert.ok(bad.text.includes('العنوان مطلوب'));
  assert.ok(bad.text.includes('>نص</textarea>'), 'the text is kept');

  const res = await s.post('/admin/articles/new', article({
    title: 'سوق السيارات الكهربائية يتوسع', body: 'فقرة أولى.\n\nفقرة ثانية.', category: String(cat.id),
    topics: 'السيارات الكهربائية، الأسواق المالية', status: 'published' }));
  assert.equal(res.status, 303);
  const id = /\/admin\/articles\/(\d+)\/edit/.exec(res.headers.location)[1];
  const live = await get(srv.url, `/a/${id}`, { redirect: 'follow' });
  assert.equal(live.status, 200);
  assert.ok(live.text.includes('سوق السيارات الكهربائية يتوسع'));
  assert.ok(live.text.includes('href="/t/السيارات-الكهربائية"'), 'a new topic');
  assert.ok((await get(srv.url, '/')).text.includes('سوق السيارات الكهربائية يتوسع'), 'on the home page at once');
  assert.ok((await get(srv.url, `/c/${cat.slug}`)).text.includes('سوق السيارات الكهربائية يتوسع'));
  const found = JSON.parse(sahifa(['search', '--db', srv.db, '--json', 'السيارات']).stdout);
  assert.ok(found.results.some((r) => String(r.id) === id), 'in the search index');

  const edit = await s.post(`/admin/articles/${id}/edit`, article({
    title: 'سوق السيارات الكهربائية يتوسع بسرعة', body: 'فقرة أولى.\n\nفقرة ثانية معدلة.', category: String(cat.id), status: 'published' }));
  assert.equal(edit.status, 303);
  const revs = rows(srv.db, `SELECT id, title FROM revisions WHERE article_id = ${id}`);
  assert.equal(revs.length, 1);
  assert.equal(revs[0].title, 'سوق السيارات الكهربائية يتوسع');
  const diff = await s.get(`/admin/articles/${id}/revisions/${revs[0].id}`);
  assert.equal(diff.status, 200);
  assert.ok(diff.text.includes('فقرة ثانية معدلة'));
  const restore = await s.post(`/admin/articles/${id}/revisions/${revs[0].id}/restore`);
  assert.equal(restore.status, 303);
  assert.equal(rows(srv.db, `SELECT title FROM articles WHERE id = ${id}`)[0].title, 'سوق السيارات الكهربائية يتوسع');
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM revisions WHERE article_id = ${id}`)[0].n, 2);

  const unpublish = await s.post(`/admin/articles/${id}/edit`, article({ title: 'سوق السيارات الكهربائية يتوسع', status: 'unpublished' }));
  assert.equal(unpublish.status, 303);
  assert.equal((await get(srv.url, `/a/${id}`, { redirect: 'follow' })).status, 404, 'unpublished at once');
  const gone = JSON.parse(sahifa(['search', '--db', srv.db, '--json', 'السيارات']).stdout);
  assert.ok(!gone.results.some((r) => String(r.id) === id), 'and out of the index');
});

test('a scheduled article goes live at its time, with no request needed', async () => {
  const s = await as('editor');
  const at = new Date(Date.now() + 3000);
  // datetime-local in the site's time zone (Asia/Damascus, +03:00).
  const local = new Date(at.getTime() + 3 * 3600 * 1000).toISOString().slice(0, 19);
  const res = await s.post('/admin/articles/new', article({ title: 'خبر مجدول للنشر', status: 'scheduled', published_at: local }));
  assert.equal(res.status, 303);
  const id = /\/admin\/articles\/(\d+)\/edit/.exec(res.headers.location)[1];
  assert.equal(rows(srv.db, `SELECT status FROM articles WHERE id = ${id}`)[0].status, 'scheduled');
  assert.equal((await get(srv.url, `/a/${id}`, { redirect: 'follow' })).status, 404, 'not yet');
  let status = 'scheduled';
  for (let i = 0; i < 40 && status !== 'published'; i++) {
    await new Promise((r) => setTimeout(r, 500));
    status = rows(srv.db, `SELECT status FROM articles WHERE id = ${id}`)[0].status;
  }
  assert.equal(status, 'published', 'the background tick published it');
  assert.equal((await get(srv.url, `/a/${id}`, { redirect: 'follow' })).status, 200);
});

test('categories: create, rename with a redirect from the old address, reorder; topics: merge', async () => {
  const s = await as('editor');
  assert.equal((await s.post('/admin/categories', { name: 'بيئة', slug: 'environment', description: 'أخبار البيئة' })).status, 303);
  const [env] = rows(srv.db, "SELECT id, position FROM categories WHERE slug = 'environment'");
  assert.ok(env);
  assert.equal((await s.post(`/admin/categories/${env.id}`, { do: 'rename', name: 'البيئة', slug: 'nature', description: '' })).status, 303);
  const moved = await get(srv.url, '/c/environment');
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), '/c/nature');
  assert.equal((await get(srv.url, '/c/nature')).status, 200);
  // Its feeds follow it, so subscribers keep reading.
  for (const feed of ['/feed', '/feed/atom']) {
    const res = await get(srv.url, `/c/environment${feed}`);
    assert.equal(res.status, 301, feed);
    assert.equal(res.headers.get('location'), `/c/nature${feed}`);
  }
  assert.equal((await s.post(`/admin/categories/${env.id}`, { do: 'up' })).status, 303);
  assert.equal(rows(srv.db, `SELECT position FROM categories WHERE id = ${env.id}`)[0].position, env.position - 1);
  assert.equal((await s.post('/admin/categories', { name: 'مكرر', slug: 'nature', description: '' })).status, 409);

  const [from] = rows(srv.db, "SELECT id, slug FROM topics WHERE name = 'المياه'");
  const [into] = rows(srv.db, "SELECT id, slug FROM topics WHERE name = 'المناخ'");
  // A rename to another topic's name is refused (two topics of one name cannot be told apart).
  const taken = await s.post(`/admin/topics/${from.id}`, { do: 'rename', name: 'المناخ', slug: 'climate-2' });
  assert.equal(taken.status, 409);
  assert.ok(taken.text.includes('الدمج'), 'the message points to merging');
  assert.equal(Number(sql(srv.db, "SELECT count(*) FROM topics WHERE name = 'المناخ'")), 1);
  const articles = Number(sql(srv.db, `SELECT count(*) FROM article_topics WHERE topic_id IN (${from.id}, ${into.id})`));
  assert.equal((await s.post(`/admin/topics/${from.id}`, { do: 'merge', into: String(into.id) })).status, 303);
  assert.equal(Number(sql(srv.db, `SELECT count(*) FROM topics WHERE id = ${from.id}`)), 0);
  assert.ok(Number(sql(srv.db, `SELECT count(*) FROM article_topics WHERE topic_id = ${into.id}`)) <= articles);
  const old = await get(srv.url, `/t/${encodeURIComponent(from.slug)}`);
  assert.equal(old.status, 301);
  assert.equal(decodeURIComponent(old.headers.get('location')), `/t/${into.slug}`);
  const oldFeed = await get(srv.url, `/t/${encodeURIComponent(from.slug)}/feed`);
  assert.equal(oldFeed.status, 301);
  assert.equal(decodeURIComponent(oldFeed.headers.get('location')), `/t/${into.slug}/feed`);
  const found = JSON.parse(sahifa(['search', '--db', srv.db, '--json', '"المياه الجوفية"']).stdout);
  assert.ok(found.total > 0, 'the index is still whole after the merge');
});

test('the moderation queue approves, rejects and deletes in bulk', async () => {
  const s = await as('moderator');
  const pending = rows(srv.db, "SELECT id FROM comments WHERE status = 'pending' ORDER BY id LIMIT 3");
  assert.equal(pending.length, 3);
  const page = await s.get('/admin/comments');
  assert.equal(page.status, 200);
  for (const c of pending) assert.ok(page.text.includes(`value="${c.id}"`));
  const csrf = field(page.text, 'csrf');
  const body = new URLSearchParams([['csrf', csrf], ['id', String(pending[0].id)], ['id', String(pending[1].id)], ['do', 'approve']]);
  // Without the session's CSRF token the POST is refused before anything is done.
  const refused = await s.post('/admin/comments', { id: String(pending[0].id), do: 'approve' }, { csrf: false });
  assert.equal(refused.status, 403);
  assert.ok(refused.text.includes('انتهت صلاحية النموذج'), 'the Arabic page says the form expired');
  assert.equal(sql(srv.db, `SELECT status FROM comments WHERE id = ${pending[0].id}`), 'pending');
  const { request } = await import('../lib/post.mjs');
  const ok = await request(`${srv.url}/admin/comments`, { method: 'POST', body: body.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.cookie } });
  assert.equal(ok.status, 303);
  const statuses = rows(srv.db, `SELECT status FROM comments WHERE id IN (${pending[0].id}, ${pending[1].id})`);
  assert.deepEqual(statuses.map((x) => x.status), ['approved', 'approved']);
  const del = new URLSearchParams([['csrf', csrf], ['id', String(pending[2].id)], ['do', 'delete']]);
  const gone = await request(`${srv.url}/admin/comments`, { method: 'POST', body: del.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.cookie } });
  assert.equal(gone.status, 303);
  assert.equal(Number(sql(srv.db, `SELECT count(*) FROM comments WHERE id = ${pending[2].id}`)), 0);
});

test('users: an admin adds one, changes a role and disables an account, which ends its sessions', async () => {
  const admin = await as('admin');
  assert.equal((await admin.post('/admin/users', { login: 'newbie', name: 'مستجد', role: 'writer', password: 'short' })).status, 422);
  assert.equal((await admin.post('/admin/users', { login: 'newbie', name: 'مستجد', role: 'writer', password: 'newbie-password-1' })).status, 303);
  const [u] = rows(srv.db, "SELECT id FROM users WHERE login = 'newbie'");
  const newbie = new Session(srv.url);
  assert.equal((await newbie.login('newbie', 'newbie-password-1')).status, 303);
  assert.equal((await admin.post(`/admin/users/${u.id}`, { do: 'role', role: 'moderator' })).status, 303);
  assert.equal((await newbie.get('/admin/articles')).status, 403, 'the new role applies at once');
  assert.equal((await admin.post(`/admin/users/${u.id}`, { do: 'disable' })).status, 303);
  assert.equal((await newbie.get('/admin/')).status, 303, 'logged out');
  assert.equal((await newbie.login('newbie', 'newbie-password-1')).status, 403, 'and cannot log in');
  const [me] = rows(srv.db, "SELECT id FROM users WHERE login = 'admin'");
  assert.equal((await admin.post(`/admin/users/${me.id}`, { do: 'disable' })).status, 422, 'not oneself');
});

test('changing one\'s password asks for the current one', async () => {
  const s = await as('writer2');
  const wrong = await s.post('/admin/account/password', { current: 'nope', password: 'another-password-2', confirm: 'another-password-2' });
  assert.equal(wrong.status, 403);
  const ok = await s.post('/admin/account/password', { current: 'writer2-password-1', password: 'another-password-2', confirm: 'another-password-2' });
  assert.equal(ok.status, 303);
  assert.equal((await s.get('/admin/')).status, 200, 'this session goes on with a new token');
  assert.equal((await new Session(srv.url).login('writer2', 'another-password-2')).status, 303);
});

test('the user command line: list, passwd, disable', () => {
  const list = sahifa(['user', 'list', '--db', srv.db]);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /^editor\s+editor\s+editor$/m);
  assert.equal(sahifa(['user', 'add', 'x', '--role', 'king', '--db', srv.db], { input: 'a-long-password-1\n' }).status, 2);
  assert.equal(sahifa(['user', 'add', 'shorty', '--role', 'writer', '--db', srv.db], { input: 'short\n' }).status, 1);
  assert.equal(sahifa(['user', 'passwd', 'editor', '--db', srv.db], { input: 'a-new-password-9\n' }).status, 0);
  assert.equal(sahifa(['user', 'disable', 'nobody', '--db', srv.db]).status, 1);
});

test('an unpublished article leaves related lists at once and the sidebar within seconds', async () => {
  const s = await as('admin'); // the editor's password was changed by the command-line test
  // An article whose related list and the "most read" sidebar show another one.
  const home = (await get(srv.url, '/')).text;
  const start = home.indexOf('الأكثر قراءة');
  const top = /href="\/a\/(\d+)\//.exec(home.slice(start))[1];
  const [a] = rows(srv.db, `SELECT id FROM articles WHERE status = 'published' AND id <> ${top} ORDER BY id LIMIT 1`);
  const related = (html) => [...html.slice(html.indexOf('مقالات ذات صلة')).matchAll(/href="\/a\/(\d+)\//g)].map((m) => m[1]);
  const page = (await get(srv.url, `/a/${a.id}`, { redirect: 'follow' })).text;
  const victim = related(page)[0];
  assert.ok(victim, 'a related article to take down');
  const [v] = rows(srv.db, `SELECT title FROM articles WHERE id = ${victim}`);
  assert.equal((await s.post(`/admin/articles/${victim}/edit`, article({ title: v.title, status: 'unpublished' }))).status, 303);
  const after = (await get(srv.url, `/a/${a.id}`, { redirect: 'follow' })).text;
  assert.ok(!related(after).includes(victim), 'not in the related list any more');

  const [t] = rows(srv.db, `SELECT title FROM articles WHERE id = ${top}`);
  assert.equal((await s.post(`/admin/articles/${top}/edit`, article({ title: t.title, status: 'unpublished' }))).status, 303);
  let gone = false;
  for (let i = 0; i < 30 && !gone; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const h = (await get(srv.url, '/')).text;
    gone = !h.slice(h.indexOf('الأكثر قراءة'), h.indexOf('أهم المواضيع')).includes(`/a/${top}/`);
  }
  assert.ok(gone, 'the most read list no longer shows it');
});

test('the newsroom list searches titles in every status and, through the site search, published texts', async () => {
  addUser(srv.db, 'searcher', 'editor', 'searcher-password-1');
  const s = new Session(srv.url);
  assert.equal((await s.login('searcher', 'searcher-password-1')).status, 303);
  const made = async (fields) => {
    const res = await s.post('/admin/articles/new', article(fields));
    assert.equal(res.status, 303);
    return /\/admin\/articles\/(\d+)\/edit/.exec(res.headers.location)[1];
  };
  const live = await made({ title: 'تقرير عن المزارع', body: 'توسع العمل بالاستزراع السمكي في الخليج.', status: 'published' });
  const draft = await made({ title: 'مخطوطة عن الاستزراع', body: 'نص.', status: 'draft' });
  const hidden = await made({ title: 'مسودة ثانية', body: 'حديث عن الاستزراع في المسودة.', status: 'draft' });
  const ids = (html) => [...html.matchAll(/\/admin\/articles\/(\d+)\/edit/g)].map((m) => m[1]);
  // Another inflection of a word in a published article's body: the site search finds it.
  const byText = ids((await s.get(`/admin/articles?q=${encodeURIComponent('استزراع')}`)).text);
  assert.ok(byText.includes(live), 'a published article by a word of its body, another inflection');
  assert.ok(!byText.includes(hidden), 'a draft is not in the search index: its body is not searched');
  // A title, any status, hamza and taa marbuta written otherwise.
  const byTitle = ids((await s.get(`/admin/articles?q=${encodeURIComponent('مخطوطه عن الاستزراع')}`)).text);
  assert.ok(byTitle.includes(draft), 'a draft by its title');
  // Query syntax stays text: no SQL or FTS5 error.
  for (const q of ['"', 'NEAR(', '-', ')', '*']) assert.equal((await s.get(`/admin/articles?q=${encodeURIComponent(q)}`)).status, 200);
});
