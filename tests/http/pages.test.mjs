// The public pages of the demo site, over HTTP against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql } from '../lib/server.mjs';

let srv;
before(async () => {
  // Two articles a page, so the demo's categories have several pages.
  srv = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES('per_page', '2')") });
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const ARABIC_DATE = /(الأحد|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت) [٠-٩]{1,2} (كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول) [٠-٩]{4}/;

function liveArticles() {
  return rows(srv.db, `SELECT a.id, a.slug, a.title, a.dek, u.name AS author, c.name AS category, c.slug AS category_slug
    FROM articles a LEFT JOIN users u ON u.id = a.author_id LEFT JOIN categories c ON c.id = a.category_id
    WHERE a.status = 'published' ORDER BY a.published_at DESC`);
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

test('home page: right-to-left Arabic, lead story, latest, a block per category, the sidebar', async () => {
  const res = await get(srv.url, '/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.match(res.text, /<html lang="ar" dir="rtl">/);
  const articles = liveArticles();
  assert.ok(articles.length >= 40, 'the demo has at least 40 live articles');
  assert.ok(res.text.includes(escapeHtml(articles[0].title)), 'the newest article is on the home page');
  for (const c of rows(srv.db, 'SELECT name, slug FROM categories')) {
    assert.ok(res.text.includes(`href="/c/${c.slug}"`), `a link to category ${c.slug}`);
  }
  for (const heading of ['الأكثر قراءة', 'أهم المواضيع', 'أهم التصنيفات']) assert.ok(res.text.includes(heading), heading);
});

test('article page has every part: headline, dek, byline, Arabic date, category, topics, body, comments, related, sidebar', async () => {
  const a = liveArticles()[3];
  const res = await get(srv.url, `/a/${a.id}/${encodeURIComponent(a.slug)}`);
  assert.equal(res.status, 200);
  const html = res.text;
  assert.match(html, new RegExp(`<h1[^>]*>\\s*${escapeHtml(a.title).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*</h1>`));
  assert.ok(html.includes(escapeHtml(a.dek)), 'dek');
  assert.ok(html.includes(escapeHtml(a.author)), 'byline');
  assert.match(html, ARABIC_DATE, 'a date like «الجمعة ٢٠ نيسان ٢٠١٨»');
  assert.ok(html.includes(`href="/c/${a.category_slug}"`), 'category link');
  const topics = rows(srv.db, `SELECT t.slug FROM article_topics x JOIN topics t ON t.id = x.topic_id WHERE x.article_id = ${a.id}`);
  assert.ok(topics.length > 0);
  for (const t of topics) assert.ok(html.includes(`href="/t/${t.slug}"`), `topic link ${t.slug}`);
  assert.match(html, /<p>[^<]{20,}/, 'body paragraphs');
  const approved = Number(sql(srv.db, `SELECT count(*) FROM comments WHERE article_id = ${a.id} AND status = 'approved'`));
  const digits = String(approved).replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[d]);
  assert.ok(html.includes(`التعليقات (${digits})`), `التعليقات (${digits})`);
  assert.ok(html.includes('id="comment-form"'), "the comment form's place");
  for (const heading of ['مقالات ذات صلة', 'الأكثر قراءة', 'أهم المواضيع', 'أهم التصنيفات']) assert.ok(html.includes(heading), heading);
  assert.ok(html.includes(`<link rel="canonical" href="${srv.url}/a/${a.id}/${a.slug}">`), 'an absolute canonical URL, Arabic as written');
});

test('approved comments are shown and counted; held ones are not', async () => {
  const [row] = rows(srv.db, `SELECT article_id AS id FROM comments WHERE status = 'pending' LIMIT 1`);
  const pending = rows(srv.db, `SELECT body FROM comments WHERE article_id = ${row.id} AND status = 'pending'`);
  const approved = rows(srv.db, `SELECT body FROM comments WHERE article_id = ${row.id} AND status = 'approved'`);
  const res = await get(srv.url, `/a/${row.id}`, { redirect: 'follow' });
  assert.equal(res.status, 200);
  for (const c of approved) assert.ok(res.text.includes(escapeHtml(c.body)), 'approved comment shown');
  for (const c of pending) assert.ok(!res.text.includes(escapeHtml(c.body)), 'held comment hidden');
});

test('/a/{id}, a wrong slug and a zero-padded id answer 301 to the canonical URL', async () => {
  const a = liveArticles()[0];
  const canonical = `/a/${a.id}/${encodeURIComponent(a.slug)}`;
  for (const path of [`/a/${a.id}`, `/a/${a.id}/wrong-slug`, `/a/0${a.id}/${encodeURIComponent(a.slug)}`]) {
    const res = await get(srv.url, path);
    assert.equal(res.status, 301, path);
    assert.equal(res.headers.get('location'), canonical, path);
  }
  assert.equal((await get(srv.url, canonical)).status, 200);
});

test('unknown paths, ids and slugs get the Arabic 404 page', async () => {
  for (const path of ['/nope', '/a/999999', '/a/abc', '/a/12x', '/a/-1', '/c/no-such-category', '/t/لا-يوجد', '/u/nobody', '/a/']) {
    const res = await get(srv.url, path);
    assert.equal(res.status, 404, path);
    assert.match(res.text, /<html lang="ar" dir="rtl">/, path);
    assert.ok(res.text.includes('غير موجود') || res.text.includes('لا يوجد'), `Arabic message on ${path}`);
  }
});

test('drafts are not served', async () => {
  sql(srv.db, "INSERT INTO articles(slug, title, status, created_at, updated_at) VALUES('draft-x', 'مسودة سرية', 'draft', 0, 0)");
  const [d] = rows(srv.db, "SELECT id FROM articles WHERE slug = 'draft-x'");
  assert.equal((await get(srv.url, `/a/${d.id}/draft-x`)).status, 404);
});

test('category, topic and author pages list their articles and page with ?page=N', async () => {
  const cat = rows(srv.db, `SELECT c.slug, c.name, count(*) AS n FROM categories c JOIN articles a ON a.category_id = c.id
    WHERE a.status = 'published' GROUP BY c.id ORDER BY n DESC LIMIT 1`)[0];
  assert.ok(cat.n > 2, 'a category with more than one page');
  const first = await get(srv.url, `/c/${cat.slug}`);
  assert.equal(first.status, 200);
  assert.ok(first.text.includes(escapeHtml(cat.name)));
  assert.match(first.text, new RegExp(`href="/c/${cat.slug}\\?page=2"`), 'a link to page 2');
  const titles = rows(srv.db, `SELECT a.title FROM articles a JOIN categories c ON c.id = a.category_id
    WHERE c.slug = '${cat.slug}' AND a.status = 'published' ORDER BY a.published_at DESC, a.id DESC`);
  assert.ok(first.text.includes(escapeHtml(titles[0].title)) && first.text.includes(escapeHtml(titles[1].title)));
  assert.ok(!first.text.includes(escapeHtml(titles[2].title)), 'two a page');
  const second = await get(srv.url, `/c/${cat.slug}?page=2`);
  assert.equal(second.status, 200);
  assert.ok(second.text.includes(escapeHtml(titles[2].title)));
  assert.equal((await get(srv.url, `/c/${cat.slug}?page=999`)).status, 404);
  for (const bad of ['abc', '0', '-1', '1.5']) assert.equal((await get(srv.url, `/c/${cat.slug}?page=${bad}`)).status, 400, bad);

  const topic = rows(srv.db, `SELECT t.slug, t.name FROM topics t JOIN article_topics x ON x.topic_id = t.id GROUP BY t.id LIMIT 1`)[0];
  const t = await get(srv.url, `/t/${encodeURIComponent(topic.slug)}`);
  assert.equal(t.status, 200);
  assert.ok(t.text.includes(escapeHtml(topic.name)));

  const author = rows(srv.db, `SELECT u.slug, u.name FROM users u JOIN articles a ON a.author_id = u.id GROUP BY u.id LIMIT 1`)[0];
  const u = await get(srv.url, `/u/${author.slug}`);
  assert.equal(u.status, 200);
  assert.ok(u.text.includes(escapeHtml(author.name)));
});

test('the sidebar ranks articles, topics and categories from the views', async () => {
  const res = await get(srv.url, '/');
  const [top] = rows(srv.db, `SELECT a.title, sum(v.views) AS views FROM views_hourly v JOIN articles a ON a.id = v.article_id
    WHERE v.hour > strftime('%s','now') / 3600 - 24 GROUP BY a.id ORDER BY views DESC LIMIT 1`);
  const start = res.text.indexOf('الأكثر قراءة');
  const mostRead = res.text.slice(start, res.text.indexOf('أهم المواضيع', start));
  assert.ok(mostRead.includes(escapeHtml(top.title)), 'the most viewed article of the last 24 hours is in «الأكثر قراءة»');
});
