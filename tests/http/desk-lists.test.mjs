// Moderation and lists: each moderation answer says how many comments it touched; "select all"
// works without the script; moderators see the poster's address and e-mail and can keep to one
// article; a scheduled article's row says when it goes live; a category is deleted by moving
// its articles and its address to another.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { Session, addUser, field } from '../lib/admin.mjs';

let srv, moderator, editor;
const now = () => Math.floor(Date.now() / 1000);
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'mod', 'moderator', 'mod-password-1', 'المشرف');
  addUser(srv.db, 'ed', 'editor', 'ed-password-1', 'المحرر');
  moderator = new Session(srv.url);
  await moderator.login('mod', 'mod-password-1');
  editor = new Session(srv.url);
  await editor.login('ed', 'ed-password-1');
  const articles = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 2");
  // Held comments on two articles, from addresses of their own.
  const values = [];
  for (let i = 0; i < 14; i++) {
    values.push(`(${articles[i % 2].id}, 'قارئ ${i}', 'reader${i}@example.com', 'تعليق رقم ${i}', 'pending', '203.0.113.${i + 1}', ${now() - i})`);
  }
  sql(srv.db, `DELETE FROM comments WHERE status = 'pending'; INSERT INTO comments(article_id, author_name, author_email, body, status, client, created_at) VALUES ${values.join(',')}`);
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

// POSTs the moderation form with these comment ids.
async function act(what, ids, extra = []) {
  const csrf = field((await moderator.get('/admin/comments')).text, 'csrf');
  const body = new URLSearchParams([['csrf', csrf], ['status', 'pending'], ...extra, ...ids.map((id) => ['id', String(id)]), ['do', what]]);
  return request(`${srv.url}/admin/comments`, { method: 'POST', body: body.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: moderator.cookie } });
}

test('moderators see each comment\'s address and e-mail, and can keep to one article', async () => {
  const page = (await moderator.get('/admin/comments')).text;
  assert.ok(page.includes('<span class="queue-email" dir="ltr">reader3@example.com</span>'));
  assert.ok(page.includes('<bdi dir="ltr">203.0.113.4</bdi>'));
  const [a] = rows(srv.db, "SELECT article_id AS id FROM comments WHERE status = 'pending' LIMIT 1");
  const one = (await moderator.get(`/admin/comments?status=pending&article=${a.id}`)).text;
  const listed = [...one.matchAll(/name="id" value="(\d+)"/g)].map((m) => Number(m[1])).sort((x, y) => x - y);
  const expected = rows(srv.db, `SELECT id FROM comments WHERE status = 'pending' AND article_id = ${a.id} ORDER BY id`).map((r) => r.id);
  assert.deepEqual(listed, expected);
  assert.ok(one.includes('تعليقات مقال واحد'));
  assert.match(one, new RegExp(`<input type="hidden" name="article" value="${a.id}">`));
  assert.match(one, new RegExp(`href="/admin/comments\\?status=approved&amp;article=${a.id}"`), 'the filter stays on the tabs');
});

test('"select all" ticks every comment shown, without a script', async () => {
  const page = (await moderator.get('/admin/comments')).text;
  assert.match(page, /<a href="\/admin\/comments\?status=pending&amp;select=all">اختر الكل<\/a>/);
  const all = (await moderator.get('/admin/comments?status=pending&select=all')).text;
  const boxes = [...all.matchAll(/<input type="checkbox" id="comment-\d+" name="id" value="\d+"( checked)?>/g)];
  assert.equal(boxes.length, 14);
  assert.ok(boxes.every((b) => b[1] === ' checked'));
  assert.ok(!/name="id" value="\d+" checked/.test(page), 'not ticked otherwise');
});

test('each action says how many comments it touched', async () => {
  const ids = rows(srv.db, "SELECT id FROM comments WHERE status = 'pending' ORDER BY id").map((r) => r.id);
  const cases = [
    ['approve', ids.slice(0, 3), 'اعتُمد ٣ تعليقات، ويظهر على الموقع.'],
    ['reject', ids.slice(3, 4), 'رُفض تعليق واحد، ولم يعد يظهر.'],
    ['spam', ids.slice(4, 6), 'عُلّم تعليقان مزعجًا.'],
    ['delete', ids.slice(6, 14), 'حُذف ٨ تعليقات نهائيًا، مع الردود عليه.'],
  ];
  for (const [what, chosen, said] of cases) {
    const res = await act(what, chosen);
    assert.equal(res.status, 303);
    const page = await moderator.get(res.headers.location);
    assert.ok(page.text.includes(`<p class="notice" role="status">${said}</p>`), `${what}: ${res.headers.location}`);
  }
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM comments WHERE id IN (${ids.slice(0, 3)}) AND status = 'approved'`)[0].n, 3);
  const none = await act('approve', []);
  assert.ok((await moderator.get(none.headers.location)).text.includes('لم تختر أي تعليق.'));
  // Eleven and more take the singular accusative.
  const counted = (await moderator.get('/admin/comments?status=pending&done=approved&n=12')).text;
  assert.ok(counted.includes('اعتُمد ١٢ تعليقًا'));
});

test('a scheduled article\'s row says when it goes live', async () => {
  const when = now() + 3 * 86400;
  const [a] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' LIMIT 1");
  sql(srv.db, `UPDATE articles SET status = 'scheduled', published_at = ${when}, title = 'مقال ينتظر موعده' WHERE id = ${a.id}`);
  const list = (await editor.get('/admin/articles?status=scheduled')).text;
  const row = /<tr>\s*<th scope="row" class="cell-title"><a href="[^"]*">مقال ينتظر موعده<\/a>[\s\S]*?<\/tr>/.exec(list)[0];
  assert.match(row, /<span class="scheduled">يُنشر [^<]+، [٠-٩]{2}:[٠-٩]{2}<\/span>/);
});

test('a category is deleted by moving its articles and its address to another', async () => {
  const [from] = rows(srv.db, "SELECT id, slug, name FROM categories WHERE slug = 'sports'");
  const [into] = rows(srv.db, "SELECT id, slug, name FROM categories WHERE slug = 'society'");
  const moving = rows(srv.db, `SELECT id FROM articles WHERE category_id = ${from.id}`).map((r) => r.id);
  assert.ok(moving.length > 0);
  assert.equal((await editor.post(`/admin/categories/${from.id}`, { do: 'merge', into: String(from.id) })).status, 422, 'not into itself');
  const res = await editor.post(`/admin/categories/${from.id}`, { do: 'merge', into: String(into.id) });
  assert.equal(res.status, 303);
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM categories WHERE id = ${from.id}`)[0].n, 0);
  assert.deepEqual(rows(srv.db, `SELECT DISTINCT category_id FROM articles WHERE id IN (${moving})`).map((r) => r.category_id), [into.id]);
  const old = await get(srv.url, `/c/${from.slug}`);
  assert.equal(old.status, 301);
  assert.equal(old.headers.get('location'), `/c/${into.slug}`);
  assert.equal((await get(srv.url, `/c/${from.slug}/feed`)).headers.get('location'), `/c/${into.slug}/feed`);
  assert.doesNotMatch((await get(srv.url, '/', { headers: { 'User-Agent': 'desk-tests-bot' } })).text, new RegExp(`href="/c/${from.slug}"`), 'gone from the navigation');
  // The search index knows the moved articles by their new category's name.
  const [moved] = rows(srv.db, `SELECT id FROM articles WHERE id IN (${moving}) AND status = 'published' LIMIT 1`);
  const found = JSON.parse((await get(srv.url, `/api/v1/search?q=${encodeURIComponent(into.name)}&per_page=100`)).text);
  assert.ok(found.results.some((r) => r.id === moved.id));
});
