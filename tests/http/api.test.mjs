// The JSON API v1 against the real binary: every read endpoint with its filters, paging links,
// errors, ETags and CORS; bearer tokens (made with `sahifa token`) and the article writes they
// allow, under the newsroom's rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { addUser } from '../lib/admin.mjs';

const ORIGIN = 'https://reader.example';
let srv, plain, any;
const tokens = {};

// A new token of the user with the scope, as `sahifa token create` prints it.
function makeToken(db, login, scope = 'articles:write', label = 'tests') {
  const r = sahifa(['token', 'create', '--user', login, '--scope', scope, '--label', label, '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

before(async () => {
  srv = await startServer({
    setup: (db) => sql(db, `INSERT INTO settings(key, value) VALUES ('api_cors_origin', '${ORIGIN}')`),
  });
  for (const [login, role] of [['ed', 'editor'], ['wr', 'writer'], ['wr2', 'writer'], ['gone', 'writer'], ['mod', 'moderator']]) {
    addUser(srv.db, login, role);
    tokens[login] = makeToken(srv.db, login);
  }
  tokens.read = makeToken(srv.db, 'ed', 'articles:read');
  plain = await startServer(); // api_cors_origin unset: no CORS headers
  any = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES ('api_cors_origin', '*')") });
});
after(async () => {
  for (const s of [srv, plain, any]) {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
});

const now = () => Math.floor(Date.now() / 1000);
// Live articles as SQL, of the articles table as it is or as `a`.
const live = () => `status = 'published' AND published_at <= ${now()}`;
const liveA = () => `a.status = 'published' AND a.published_at <= ${now()}`;
// Pages fetched by these tests are not counted as views, so the rankings stay put.
const BOT = { headers: { 'User-Agent': 'api-tests-bot' } };

// GET as JSON: {status, headers, text, body}.
async function read(path, init = {}, server = srv) {
  const res = await get(server.url, path, init);
  if (res.status !== 304 && res.text) {
    assert.match(res.headers.get('content-type'), /^application\/json/, path);
    res.body = JSON.parse(res.text);
  }
  return res;
}

// A write with a token (or none), JSON unless told otherwise: {status, headers, text, body}.
async function send(method, path, token, body, { type = 'application/json', authorization } = {}) {
  const headers = { 'Content-Type': type };
  if (authorization !== undefined) headers.Authorization = authorization;
  else if (token) headers.Authorization = `Bearer ${token}`;
  const res = await request(srv.url + path, { method, body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  res.body = res.text ? JSON.parse(res.text) : null;
  return res;
}

// Checks an error answer: status, JSON {"error": {code, message[, field]}}.
function isError(res, status, code, field) {
  assert.equal(res.status, status, `${code}: ${res.text}`);
  assert.equal(res.body.error.code, code);
  assert.ok(/[\u0600-\u06FF]/.test(res.body.error.message), 'the message is Arabic');
  if (field !== undefined) assert.equal(res.body.error.field, field);
}

const count = (where) => Number(sql(srv.db, `SELECT count(*) FROM articles a WHERE ${where}`));

test('GET /api/v1/articles: live articles newest first as cards, paged with absolute links', async () => {
  const total = count(live());
  const first = await read('/api/v1/articles');
  assert.equal(first.status, 200);
  const { articles, page, per_page, links } = first.body;
  assert.equal(first.body.total, total);
  assert.equal(page, 1);
  assert.equal(per_page, 20, "the site's per_page by default");
  assert.equal(articles.length, 20);
  const card = articles[0];
  for (const key of ['id', 'slug', 'title', 'dek', 'url', 'date', 'datetime', 'published_at', 'category', 'author']) assert.ok(key in card, key);
  assert.equal(card.url, `/a/${card.id}/${card.slug}`);
  assert.match(card.datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  assert.match(card.category.url, /^\/c\//);
  assert.match(card.author.url, /^\/u\//);
  const times = articles.map((a) => a.published_at);
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
  assert.equal(links.self, `${srv.url}/api/v1/articles?page=1&per_page=20`);
  assert.equal(links.next, `${srv.url}/api/v1/articles?page=2&per_page=20`);
  assert.ok(!('prev' in links));

  const pages = Math.ceil(total / 7);
  const last = await read(`/api/v1/articles?per_page=7&page=${pages}`);
  assert.equal(last.body.articles.length, total - 7 * (pages - 1));
  assert.ok(!('next' in last.body.links), 'no next on the last page');
  assert.equal(last.body.links.prev, `${srv.url}/api/v1/articles?page=${pages - 1}&per_page=7`);
  const second = await read(new URL(first.body.links.next).pathname + new URL(first.body.links.next).search);
  assert.equal(second.body.articles[0].id, (await read('/api/v1/articles?per_page=21')).body.articles[20].id);
  const past = await read(`/api/v1/articles?page=${pages + 5}&per_page=7`);
  assert.equal(past.status, 200);
  assert.deepEqual(past.body.articles, [], 'past the end: an empty page');
});

test('GET /api/v1/articles filters by category, topic, author and since, alone or together', async () => {
  const [cat] = rows(srv.db, `SELECT c.id, c.slug FROM categories c JOIN articles a ON a.category_id = c.id WHERE ${liveA()} GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`);
  const byCat = await read(`/api/v1/articles?category=${cat.slug}&per_page=100`);
  assert.equal(byCat.body.total, count(`category_id = ${cat.id} AND ${live()}`));
  assert.ok(byCat.body.articles.every((a) => a.category.slug === cat.slug));
  assert.match(byCat.body.links.self, new RegExp(`\\?category=${cat.slug}&page=1&per_page=100$`));

  const [topic] = rows(srv.db, 'SELECT t.id, t.slug FROM topics t JOIN article_topics x ON x.topic_id = t.id GROUP BY t.id ORDER BY count(*) DESC LIMIT 1');
  const byTopic = await read(`/api/v1/articles?topic=${encodeURIComponent(topic.slug)}&per_page=100`);
  assert.equal(byTopic.body.total, count(`id IN (SELECT article_id FROM article_topics WHERE topic_id = ${topic.id}) AND ${live()}`));
  assert.ok(byTopic.body.total > 0);
  assert.ok(byTopic.body.links.self.includes(`topic=${encodeURIComponent(topic.slug)}`), 'the filter stays in the links, percent-encoded');

  const [author] = rows(srv.db, `SELECT u.id, u.slug FROM users u JOIN articles a ON a.author_id = u.id GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`);
  const byAuthor = await read(`/api/v1/articles?author=${author.slug}&per_page=100`);
  assert.equal(byAuthor.body.total, count(`author_id = ${author.id} AND ${live()}`));
  assert.ok(byAuthor.body.articles.every((a) => a.author.slug === author.slug));

  const both = await read(`/api/v1/articles?category=${cat.slug}&author=${author.slug}&topic=${encodeURIComponent(topic.slug)}`);
  assert.equal(both.body.total, count(`category_id = ${cat.id} AND author_id = ${author.id} AND id IN (SELECT article_id FROM article_topics WHERE topic_id = ${topic.id}) AND ${live()}`));

  const [{ published_at: since }] = rows(srv.db, `SELECT published_at FROM articles WHERE ${live()} ORDER BY published_at DESC LIMIT 1 OFFSET 9`);
  const bySeconds = await read(`/api/v1/articles?since=${since}`);
  assert.equal(bySeconds.body.total, count(`published_at >= ${since} AND ${live()}`));
  assert.ok(bySeconds.body.articles.every((a) => a.published_at >= since));
  const rfc = new Date(since * 1000).toISOString().replace('.000Z', 'Z');
  assert.equal((await read(`/api/v1/articles?since=${rfc}`)).body.total, bySeconds.body.total, 'RFC 3339 in UTC');
  const shifted = new Date((since + 3 * 3600) * 1000).toISOString().slice(0, 19) + '+03:00';
  assert.equal((await read(`/api/v1/articles?since=${encodeURIComponent(shifted)}`)).body.total, bySeconds.body.total, 'with an offset');
  const withCat = await read(`/api/v1/articles?since=${since}&category=${cat.slug}`);
  assert.equal(withCat.body.total, count(`published_at >= ${since} AND category_id = ${cat.id} AND ${live()}`));
});

test('GET /api/v1/articles?q= runs the site search, newest first, with category only', async () => {
  const res = await read('/api/v1/articles?q=' + encodeURIComponent('اتفاق'));
  assert.equal(res.status, 200);
  const cli = JSON.parse(sahifa(['search', '--db', srv.db, '--json', '--limit', '100', 'اتفاق']).stdout);
  assert.equal(res.body.total, cli.total);
  assert.deepEqual(res.body.articles.map((a) => a.id).sort(), cli.results.map((a) => a.id).sort(), 'what the search finds');
  const times = res.body.articles.map((a) => a.published_at);
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  assert.ok(res.body.articles.every((a) => a.snippet_html !== undefined && a.url));
  const cat = res.body.articles[0].category.slug;
  const inCat = await read(`/api/v1/articles?q=${encodeURIComponent('اتفاق')}&category=${cat}`);
  assert.ok(inCat.body.total >= 1 && inCat.body.articles.every((a) => a.category.slug === cat));
  isError(await read('/api/v1/articles?q=x&since=1'), 400, 'unsupported_filter');
  isError(await read(`/api/v1/articles?q=x&author=layla-haddad`), 400, 'unsupported_filter');
});

test('GET /api/v1/articles: malformed parameters are 400, unknown slugs 404, as JSON errors', async () => {
  const cases = [
    ['page=0', 400, 'bad_page'], ['page=abc', 400, 'bad_page'], ['page=-1', 400, 'bad_page'], ['page=1.5', 400, 'bad_page'],
    ['per_page=0', 400, 'bad_per_page'], ['per_page=101', 400, 'bad_per_page'], ['per_page=ten', 400, 'bad_per_page'],
    ['since=yesterday', 400, 'bad_since'], ['since=2026-02-30T00:00:00Z', 400, 'bad_since'], ['since=', 400, 'bad_since'],
    ['category=no-such-category', 404, 'unknown_category'], ['topic=no-such-topic', 404, 'unknown_topic'],
    ['author=no-such-author', 404, 'unknown_author'],
  ];
  for (const [query, status, code] of cases) isError(await read(`/api/v1/articles?${query}`), status, code);
  assert.equal((await read('/api/v1/articles?per_page=100')).status, 200);
  assert.equal((await read('/api/v1/articles?per_page=1')).body.articles.length, 1);
});

test('GET /api/v1/articles/{id}: the article model of the page; 404 for unknown, unpublished and future ones', async () => {
  const [{ id }] = rows(srv.db, `SELECT a.id FROM articles a WHERE ${live()} AND (SELECT count(*) FROM article_topics WHERE article_id = a.id) > 0 AND (SELECT count(*) FROM comments WHERE article_id = a.id AND status = 'approved') > 0 LIMIT 1`);
  const res = await read(`/api/v1/articles/${id}`);
  assert.equal(res.status, 200);
  const a = res.body.article;
  const [row] = rows(srv.db, `SELECT title, dek, body, slug FROM articles WHERE id = ${id}`);
  assert.equal(a.id, id);
  assert.equal(a.title, row.title);
  assert.equal(a.dek, row.dek);
  assert.equal(a.body, row.body, 'the Markdown as written');
  assert.match(a.body_html, /<p>/);
  assert.equal(a.url, `/a/${id}/${row.slug}`);
  assert.ok(a.date && a.datetime && a.category.url && a.author.url && a.topics[0].url.startsWith('/t/'));
  assert.equal(a.comments_count, Number(sql(srv.db, `SELECT count(*) FROM comments WHERE article_id = ${id} AND status = 'approved'`)));
  assert.equal(typeof a.comments_open, 'boolean');
  assert.ok(!('import_key' in a) && !('comments_version' in a) && !('comment_form' in a));
  const page = await get(srv.url, a.url.split('/').map(encodeURIComponent).join('/'), BOT);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`التعليقات (${String(a.comments_count).replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[d])})`), 'the page counts the same comments');

  for (const path of ['/api/v1/articles/999999', '/api/v1/articles/abc', '/api/v1/articles/0', '/api/v1/articles/-1']) isError(await read(path), 404, 'not_found');
  const draft = (await send('POST', '/api/v1/articles', tokens.wr, { title: 'مسودة لا تُقرأ' })).body.article;
  isError(await read(`/api/v1/articles/${draft.id}`), 404, 'not_found');
  sql(srv.db, `UPDATE articles SET status = 'unpublished', published_at = 1 WHERE id = ${draft.id}`);
  isError(await read(`/api/v1/articles/${draft.id}`), 404, 'not_found');
  sql(srv.db, `UPDATE articles SET published_at = ${now() + 86400} WHERE id = ${id}`);
  isError(await read(`/api/v1/articles/${id}`), 404, 'not_found');
  assert.ok(!(await read('/api/v1/articles?per_page=100')).body.articles.some((x) => x.id === id), 'nor listed');
  sql(srv.db, `UPDATE articles SET published_at = ${a.published_at} WHERE id = ${id}`);
  assert.equal((await read(`/api/v1/articles/${id}`)).status, 200);
});

test('GET /api/v1/search: the search page\'s results with marked and plain snippets', async () => {
  const q = encodeURIComponent('الاتفاق');
  const res = await read(`/api/v1/search?q=${q}&per_page=2`);
  assert.equal(res.status, 200);
  const cli = JSON.parse(sahifa(['search', '--db', srv.db, '--json', '--limit', '2', 'الاتفاق']).stdout);
  assert.equal(res.body.total, cli.total);
  assert.deepEqual(res.body.results.map((r) => r.id), cli.results.map((r) => r.id), 'ranked as the site ranks');
  assert.equal(res.body.query, 'الاتفاق');
  assert.equal(res.body.by_date, false);
  assert.equal(res.body.more, false);
  const r0 = res.body.results[0];
  assert.match(r0.snippet_html, /<mark>[^<]+<\/mark>/);
  assert.ok(!/[<>\u0001\u0002]/.test(r0.snippet), 'the plain snippet has no markup');
  assert.equal(r0.snippet, r0.snippet_html.replace(/<\/?mark>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  assert.ok(r0.title_html && r0.url && r0.date);
  if (res.body.total > 2) assert.equal(res.body.links.next, `${srv.url}/api/v1/search?q=${q}&page=2&per_page=2`);
  const byDate = await read(`/api/v1/search?q=${q}&sort=date&per_page=100`);
  const times = byDate.body.results.map((r) => r.published_at);
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  assert.match(byDate.body.links.self, /sort=date/);
  const nothing = await read(`/api/v1/search?q=${encodeURIComponent('-اتفاق')}`);
  assert.equal(nothing.body.total, 0, 'only an exclusion: nothing to look for');
  isError(await read('/api/v1/search'), 400, 'missing_query');
  isError(await read('/api/v1/search?q='), 400, 'missing_query');
  isError(await read(`/api/v1/search?q=${q}&sort=best`), 400, 'bad_sort');
  isError(await read(`/api/v1/search?q=${q}&category=nope`), 404, 'unknown_category');
  isError(await read(`/api/v1/search?q=${q}&per_page=101`), 400, 'bad_per_page');
  isError(await read(`/api/v1/search?q=${q}&page=0`), 400, 'bad_page');
});

test('GET /api/v1/most-read: live articles by views in 24 hours or 7 days', async () => {
  const hour = Math.floor(now() / 3600);
  const expected = (hours) => rows(srv.db, `SELECT a.id FROM views_hourly v JOIN articles a ON a.id = v.article_id
    WHERE v.hour >= ${hour - hours + 1} AND ${liveA()} GROUP BY a.id ORDER BY sum(v.views) DESC, a.id DESC LIMIT 5`).map((r) => r.id);
  const day = await read('/api/v1/most-read?limit=5');
  assert.equal(day.status, 200);
  assert.equal(day.body.window, '24h');
  assert.deepEqual(day.body.articles.map((a) => a.id), expected(24));
  const a0 = day.body.articles[0];
  assert.equal(a0.rank, '١');
  assert.ok(a0.views > 0 && a0.url.startsWith(`/a/${a0.id}/`) && a0.title);
  const week = await read('/api/v1/most-read?window=7d&limit=5');
  assert.deepEqual(week.body.articles.map((a) => a.id), expected(7 * 24));
  assert.equal((await read('/api/v1/most-read?window=7d')).body.articles.length, 10, '10 by default');

  // An article taken down leaves the list (a write by hand moves the content generation, as
  // sahifa's own writes do, so that the page cache sees it: another process's write shows
  // within a tenth of a second).
  sql(srv.db, `UPDATE articles SET status = 'unpublished' WHERE id = ${a0.id}; UPDATE generation SET value = value + 1`);
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(!(await read('/api/v1/most-read?limit=5')).body.articles.some((a) => a.id === a0.id));
  sql(srv.db, `UPDATE articles SET status = 'published' WHERE id = ${a0.id}; UPDATE generation SET value = value + 1`);

  isError(await read('/api/v1/most-read?window=1h'), 400, 'bad_window');
  isError(await read('/api/v1/most-read?window='), 400, 'bad_window');
  isError(await read('/api/v1/most-read?limit=0'), 400, 'bad_limit');
  isError(await read('/api/v1/most-read?limit=101'), 400, 'bad_limit');
});

test('GET /api/v1/categories and /api/v1/topics: with urls and live article counts; topics paged', async () => {
  const cats = await read('/api/v1/categories');
  assert.equal(cats.status, 200);
  const stored = rows(srv.db, 'SELECT id, slug FROM categories ORDER BY position, id');
  assert.deepEqual(cats.body.categories.map((c) => c.slug), stored.map((c) => c.slug));
  for (const c of cats.body.categories) {
    assert.equal(c.url, `/c/${c.slug}`);
    assert.equal(c.articles, count(`category_id = ${c.id} AND ${live()}`), c.slug);
  }

  const all = await read('/api/v1/topics');
  const withLive = Number(sql(srv.db, `SELECT count(DISTINCT x.topic_id) FROM article_topics x JOIN articles a ON a.id = x.article_id WHERE ${liveA()}`));
  assert.equal(all.body.total, withLive);
  assert.equal(all.body.per_page, 100);
  const counts = all.body.topics.map((t) => t.articles);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most used first');
  assert.ok(all.body.topics.every((t) => t.url === `/t/${t.slug}` && t.articles > 0 && t.name));
  const paged = await read('/api/v1/topics?per_page=5&page=2');
  assert.deepEqual(paged.body.topics.map((t) => t.id), all.body.topics.slice(5, 10).map((t) => t.id));
  assert.equal(paged.body.links.prev, `${srv.url}/api/v1/topics?page=1&per_page=5`);
  assert.equal(paged.body.links.next, `${srv.url}/api/v1/topics?page=3&per_page=5`);
  isError(await read('/api/v1/topics?per_page=101'), 400, 'bad_per_page');
  isError(await read('/api/v1/topics?page=x'), 400, 'bad_page');
});

test('every read answers with an ETag and 304 to If-None-Match; HEAD too', async () => {
  const [{ id }] = rows(srv.db, `SELECT id FROM articles WHERE ${live()} LIMIT 1`);
  for (const path of ['/api/v1/articles', `/api/v1/articles/${id}`, '/api/v1/search?q=%D8%A7%D8%AA%D9%81%D8%A7%D9%82', '/api/v1/most-read', '/api/v1/categories', '/api/v1/topics']) {
    const first = await read(path);
    const etag = first.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{16}(-gz|-br)?"$/, path);
    assert.equal((await read(path)).headers.get('etag'), etag, `${path}: the same bytes, the same tag`);
    const again = await get(srv.url, path, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304, path);
    assert.equal(again.text, '');
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), first.headers.get('cache-control'), 'a 304 keeps the cached copy');
    assert.match(again.headers.get('cache-control'), /^public, max-age=\d+, s-maxage=\d+/, path);
    assert.equal((await get(srv.url, path, { headers: { 'If-None-Match': '"0000000000000000"' } })).status, 200);
    const head = await get(srv.url, path, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('etag'), etag);
  }
});

test('CORS: reads carry the configured origin and answer preflights; writes and the newsroom do not', async () => {
  const reads = ['/api/v1/articles', '/api/v1/categories', '/api/v1/topics', '/api/v1/most-read', '/api/v1/search?q=x'];
  for (const path of reads) {
    const res = await get(srv.url, path, { headers: { Origin: 'https://elsewhere.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN, path);
    assert.match(res.headers.get('access-control-expose-headers'), /ETag/);
  }
  const missing = await get(srv.url, '/api/v1/articles/999999');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('access-control-allow-origin'), ORIGIN, 'errors of reads too, so pages can read them');
  const pre = await get(srv.url, '/api/v1/articles', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(pre.headers.get('access-control-allow-methods'), 'GET, HEAD, OPTIONS');
  assert.match(pre.headers.get('access-control-allow-headers'), /If-None-Match/i);
  assert.ok(Number(pre.headers.get('access-control-max-age')) > 0);
  assert.ok(!/POST|PATCH/.test(pre.headers.get('access-control-allow-methods')), 'writes are not offered');
  const post = await send('POST', '/api/v1/articles', null, {});
  assert.equal(post.headers['access-control-allow-origin'], undefined, 'no CORS on writes');
  assert.equal((await get(srv.url, '/', {})).headers.get('access-control-allow-origin'), null, 'nor on pages');
  assert.equal((await get(srv.url, '/admin/login', { method: 'OPTIONS' })).status, 405);

  const off = await get(plain.url, '/api/v1/articles');
  assert.equal(off.status, 200);
  assert.equal(off.headers.get('access-control-allow-origin'), null, 'api_cors_origin unset: none');
  const offPre = await get(plain.url, '/api/v1/articles', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } });
  assert.equal(offPre.status, 204);
  assert.equal(offPre.headers.get('access-control-allow-origin'), null);
  assert.equal(offPre.headers.get('access-control-allow-methods'), null);

  const star = await get(any.url, '/api/v1/categories', { headers: { Origin: 'https://whoever.example' } });
  assert.equal(star.headers.get('access-control-allow-origin'), '*');
});

test('writes without a good token are 401 with WWW-Authenticate; the wrong scope or role 403', async () => {
  const body = { title: 'لن يُحفظ' };
  const before = count('1');
  const missing = await send('POST', '/api/v1/articles', null, body);
  isError(missing, 401, 'token_required');
  assert.equal(missing.headers['www-authenticate'], 'Bearer realm="sahifa"');
  isError(await send('POST', '/api/v1/articles', null, body, { authorization: `Basic ${Buffer.from('ed:x').toString('base64')}` }), 401, 'token_required');
  for (const authorization of ['Bearer', 'Bearer ', 'Bearer abc', `Bearer ${tokens.ed}x`, `Bearer ${tokens.ed.slice(0, -1)}`,
    `Bearer ${tokens.ed.replace('sahifa_', 'sahifa-')}`, `Bearer sahifa_${'0'.repeat(64)}`]) {
    const res = await send('POST', '/api/v1/articles', null, body, { authorization });
    isError(res, 401, 'invalid_token');
    assert.match(res.headers['www-authenticate'], /^Bearer realm="sahifa", error="invalid_token"$/, authorization);
  }
  assert.equal((await send('POST', '/api/v1/articles', null, { title: 'مقبول' }, { authorization: `bearer ${tokens.wr}` })).status, 201, 'the scheme is case-insensitive');

  const scope = await send('POST', '/api/v1/articles', tokens.read, body);
  isError(scope, 403, 'insufficient_scope');
  assert.match(scope.headers['www-authenticate'], /error="insufficient_scope"/);
  isError(await send('POST', '/api/v1/articles', tokens.mod, body), 403, 'forbidden');
  isError(await send('PATCH', '/api/v1/articles/1', tokens.mod, body), 403, 'forbidden');

  // Revoked: the CLI revokes by id; the token stops at once.
  const revoked = makeToken(srv.db, 'wr2', 'articles:write', 'to revoke');
  assert.equal((await send('POST', '/api/v1/articles', revoked, { title: 'قبل الإلغاء' })).status, 201);
  const id = rows(srv.db, "SELECT id FROM api_tokens WHERE label = 'to revoke'")[0].id;
  const r = sahifa(['token', 'revoke', String(id), '--db', srv.db]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, new RegExp(`token ${id} revoked`));
  isError(await send('POST', '/api/v1/articles', revoked, body), 401, 'invalid_token');

  // A disabled user's tokens are refused, and work again once the account is enabled.
  assert.equal(sahifa(['user', 'disable', 'gone', '--db', srv.db]).status, 0);
  isError(await send('POST', '/api/v1/articles', tokens.gone, body), 401, 'invalid_token');
  assert.equal(sahifa(['user', 'enable', 'gone', '--db', srv.db]).status, 0);
  assert.equal((await send('POST', '/api/v1/articles', tokens.gone, { title: 'عاد الكاتب' })).status, 201);
  assert.equal(count('1'), before + 3, 'nothing else was stored');
});

test('the body: JSON only, within the size limit, known fields of the right types, the editor\'s rules', async () => {
  const t = tokens.ed;
  const before = count('1');
  isError(await send('POST', '/api/v1/articles', t, 'title=x', { type: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  isError(await send('POST', '/api/v1/articles', t, '{"title": "x"', {}), 400, 'invalid_json');
  isError(await send('POST', '/api/v1/articles', t, '["title"]'), 400, 'invalid_json');
  isError(await send('POST', '/api/v1/articles', t, '{"title": "a", "title": "b"}'), 400, 'invalid_json');
  const unknown = await send('POST', '/api/v1/articles', t, { title: 'x', colour: 'red', image: 'y' });
  isError(unknown, 400, 'unknown_field', 'colour');
  assert.match(unknown.body.error.message, /colour/);
  assert.match(unknown.body.error.message, /image/);
  const cases = [
    [{ dek: 'بلا عنوان' }, 'title'],
    [{ title: '   ' }, 'title'],
    [{ title: 'ع'.repeat(301) }, 'title'],
    [{ title: 7 }, 'title'],
    [{ title: 'عنوان', body: ['x'] }, 'body'],
    [{ title: 'عنوان\nبسطرين' }, 'title'],
    [{ title: 'عنوان', dek: 'م'.repeat(1001) }, 'dek'],
    [{ title: 'عنوان', category: 'no-such-category' }, 'category'],
    [{ title: 'عنوان', category: 3 }, 'category'],
    [{ title: 'عنوان', topics: 'المياه' }, 'topics'],
    [{ title: 'عنوان', topics: ['أ، ب'] }, 'topics'],
    [{ title: 'عنوان', topics: [1] }, 'topics'],
    [{ title: 'عنوان', topics: Array.from({ length: 13 }, (_, i) => `موضوع ${i}`) }, 'topics'],
    [{ title: 'عنوان', status: 'live' }, 'status'],
    [{ title: 'عنوان', status: 'scheduled' }, 'published_at'],
    [{ title: 'عنوان', published_at: 'tomorrow' }, 'published_at'],
    [{ title: 'عنوان', published_at: '2026-02-30T10:00:00Z' }, 'published_at'],
    [{ title: 'عنوان', published_at: -5 }, 'published_at'],
    [{ title: 'عنوان', published_at: true }, 'published_at'],
  ];
  for (const [fields, field] of cases) isError(await send('POST', '/api/v1/articles', t, fields), 422, 'invalid', field);
  assert.equal(count('1'), before, 'nothing was stored');
});

// Sends raw bytes; resolves to the whole response as text once the server closes.
function raw(bytes) {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => sock.write(bytes));
    let data = '';
    sock.setEncoding('utf8');
    sock.on('data', (d) => (data += d));
    sock.on('error', (e) => (data ? resolve(data) : reject(e)));
    sock.on('close', () => resolve(data));
  });
}

test('an oversize body is 413 as a JSON error, declared or chunked', async () => {
  const head = `POST /api/v1/articles HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${tokens.ed}\r\nContent-Type: application/json\r\nConnection: close\r\n`;
  const declared = await raw(`${head}Content-Length: ${2 * 1024 * 1024}\r\n\r\n`);
  assert.match(declared, /^HTTP\/1\.1 413 /);
  assert.match(declared, /\{"error":\{"code":"too_large","message":"[^"]+"\}\}/);
  const chunk = `{"title": "${'ك'.repeat(300 * 1024)}`;
  let chunked = `${head}Transfer-Encoding: chunked\r\n\r\n`;
  for (let i = 0; i < 3; i++) chunked += `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`;
  chunked += '0\r\n\r\n';
  const res = await raw(chunked);
  assert.match(res, /^HTTP\/1\.1 413 /);
  assert.match(res, /"code":"too_large"/);
  // Just under the limit is read (and refused for what it says, not its size).
  const big = JSON.stringify({ title: 'كبير', body: 'ن'.repeat(400 * 1024) });
  assert.ok(Buffer.byteLength(big) < 1024 * 1024);
  isError(await send('POST', '/api/v1/articles', tokens.ed, big), 422, 'invalid', 'body');
});

test('a writer creates drafts and sends them for review, but may not publish or schedule', async () => {
  const t = tokens.wr;
  const [cat] = rows(srv.db, 'SELECT slug FROM categories ORDER BY position LIMIT 1');
  for (const status of ['published', 'scheduled', 'unpublished']) {
    const res = await send('POST', '/api/v1/articles', t, { title: 'محاولة نشر', status, published_at: now() + 3600 });
    isError(res, 403, 'forbidden', 'status');
  }
  const res = await send('POST', '/api/v1/articles', t, {
    title: '  مسودة من تطبيق الكاتب  ', dek: 'ملخص المسودة', body: 'فقرة **أولى**.\n\nفقرة ثانية.',
    category: cat.slug, topics: ['المياه', 'موضوع المسودة السري'],
  });
  assert.equal(res.status, 201, res.text);
  const a = res.body.article;
  assert.equal(res.headers.location, `${srv.url}/api/v1/articles/${a.id}`);
  assert.equal(a.title, 'مسودة من تطبيق الكاتب', 'trimmed as the editor trims');
  assert.equal(a.status, 'draft');
  assert.equal(a.author.slug, 'wr', 'a writer writes under their own name');
  assert.equal(a.category.slug, cat.slug);
  assert.deepEqual(a.topics.map((x) => x.name), ['المياه', 'موضوع المسودة السري']);
  assert.match(a.body_html, /<strong>أولى<\/strong>/);
  assert.equal(a.published_at, null);
  isError(await read(`/api/v1/articles/${a.id}`), 404, 'not_found', undefined);
  const topics = await read('/api/v1/topics');
  assert.ok(!topics.body.topics.some((x) => x.name === 'موضوع المسودة السري'), "a draft's topics are not listed");

  const review = await send('PATCH', `/api/v1/articles/${a.id}`, t, { status: 'review' });
  assert.equal(review.status, 200);
  assert.equal(review.body.article.status, 'review');
  assert.equal(review.body.article.dek, 'ملخص المسودة', 'fields not sent are kept');
  isError(await send('PATCH', `/api/v1/articles/${a.id}`, t, { status: 'published' }), 403, 'forbidden', 'status');
  isError(await send('PATCH', `/api/v1/articles/${a.id}`, tokens.wr2, { title: 'ليس مقالي' }), 403, 'forbidden');

  // Once an editor publishes it, the writer can no longer change it.
  assert.equal((await send('PATCH', `/api/v1/articles/${a.id}`, tokens.ed, { status: 'published' })).status, 200);
  isError(await send('PATCH', `/api/v1/articles/${a.id}`, t, { dek: 'تعديل متأخر' }), 403, 'forbidden');
  assert.equal((await read(`/api/v1/articles/${a.id}`)).status, 200, 'live now');
});

test('an editor publishes, schedules and patches; the page and the API show the change, a revision is kept', async () => {
  const t = tokens.ed;
  const created = await send('POST', '/api/v1/articles', t, {
    title: 'خبر منشور عبر الواجهة البرمجية', dek: 'ملخص أول', body: 'النص الأول للخبر.',
    category: 'economy', topics: ['الاقتصاد', 'واجهة برمجية'], status: 'published', source: 'وكالة الأنباء',
  });
  assert.equal(created.status, 201, created.text);
  const a = created.body.article;
  assert.equal(a.status, 'published');
  assert.ok(Math.abs(a.published_at - now()) < 5, 'published now');
  const page = await get(srv.url, `/a/${a.id}`, BOT);
  assert.equal(page.status, 301);
  const article = await get(srv.url, page.headers.get('location'), BOT);
  assert.ok(article.text.includes('خبر منشور عبر الواجهة البرمجية'));
  assert.equal((await read('/api/v1/articles?per_page=1')).body.articles[0].id, a.id, 'first in the list');
  assert.equal((await read(`/api/v1/articles?topic=${encodeURIComponent('واجهة-برمجية')}`)).body.total, 1);

  const etag = (await read(`/api/v1/articles/${a.id}`)).headers.get('etag');
  sql(srv.db, `UPDATE articles SET comments_open = 0 WHERE id = ${a.id}`);
  const patched = await send('PATCH', `/api/v1/articles/${a.id}`, t, { title: 'خبر معدّل عبر الواجهة البرمجية', body: 'النص **الجديد**.', topics: ['واجهة برمجية'] });
  assert.equal(patched.status, 200, patched.text);
  const p = patched.body.article;
  assert.equal(p.title, 'خبر معدّل عبر الواجهة البرمجية');
  assert.equal(p.dek, 'ملخص أول');
  assert.equal(p.source, 'وكالة الأنباء');
  assert.equal(p.slug, a.slug, 'the address stays');
  assert.equal(p.published_at, a.published_at, 'the publication time stays, to the second');
  assert.equal(p.comments_open, false, 'closed comments stay closed');
  assert.deepEqual(p.topics.map((x) => x.name), ['واجهة برمجية']);

  const got = await read(`/api/v1/articles/${a.id}`);
  assert.equal(got.body.article.title, 'خبر معدّل عبر الواجهة البرمجية');
  assert.match(got.body.article.body_html, /<strong>الجديد<\/strong>/);
  assert.notEqual(got.headers.get('etag'), etag, 'a new version, a new tag');
  const shown = await get(srv.url, page.headers.get('location'), BOT);
  assert.ok(shown.text.includes('خبر معدّل عبر الواجهة البرمجية'));
  assert.ok(shown.text.includes('<strong>الجديد</strong>'));

  const revisions = rows(srv.db, `SELECT r.title, r.body, u.login FROM revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = ${a.id}`);
  assert.deepEqual(revisions, [{ title: 'خبر منشور عبر الواجهة البرمجية', body: 'النص الأول للخبر.', login: 'ed' }]);

  // Scheduling: a time to come; published_at as RFC 3339 or seconds.
  const when = new Date((now() + 86400) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const scheduled = await send('POST', '/api/v1/articles', t, { title: 'خبر مجدول', status: 'published', published_at: when });
  assert.equal(scheduled.status, 201);
  assert.equal(scheduled.body.article.status, 'scheduled', '"published" with a time to come is scheduled');
  assert.equal(scheduled.body.article.published_at, Date.parse(when) / 1000);
  isError(await read(`/api/v1/articles/${scheduled.body.article.id}`), 404, 'not_found');
  const past = await send('PATCH', `/api/v1/articles/${scheduled.body.article.id}`, t, { status: 'scheduled', published_at: now() - 60 });
  assert.equal(past.body.article.status, 'published', '"scheduled" with a time gone is published');
  isError(await send('PATCH', '/api/v1/articles/999999', t, { title: 'لا أحد' }), 404, 'not_found');
  isError(await send('PATCH', '/api/v1/articles/abc', t, { title: 'لا أحد' }), 404, 'not_found');
  isError(await send('PATCH', `/api/v1/articles/${a.id}`, t, { slug: 'x', nope: 1 }), 400, 'unknown_field', 'nope');
});

test('token last use is recorded by writes, never by reads', async () => {
  const t = makeToken(srv.db, 'ed', 'articles:write', 'last use');
  const used = () => rows(srv.db, "SELECT last_used_at FROM api_tokens WHERE label = 'last use'")[0].last_used_at;
  assert.equal(used(), null);
  await read('/api/v1/articles', { headers: { Authorization: `Bearer ${t}` } });
  await read('/api/v1/categories', { headers: { Authorization: `Bearer ${t}` } });
  assert.equal(used(), null, 'reads ignore tokens and write nothing');
  await send('POST', '/api/v1/articles', t, { title: 'استعمال الرمز' });
  assert.ok(Math.abs(used() - now()) < 5);
});

test('sahifa token: create prints the token once, list never shows it, the database holds only hashes', () => {
  const create = sahifa(['token', 'create', '--user', 'ed', '--scope', 'articles:write', '--label', 'نظام التحرير', '--db', srv.db]);
  assert.equal(create.status, 0);
  const token = create.stdout.trim();
  assert.match(token, /^sahifa_[0-9a-f]{64}$/);
  assert.match(create.stderr, /shown this once/);
  const list = sahifa(['token', 'list', '--db', srv.db]);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /نظام التحرير/);
  assert.match(list.stdout, /articles:write/);
  assert.match(list.stdout, /articles:read/);
  const all = rows(srv.db, 'SELECT token_hash FROM api_tokens');
  for (const plain of [token, ...Object.values(tokens)]) {
    const secret = plain.slice('sahifa_'.length);
    assert.ok(!list.stdout.includes(secret), 'list never shows a token');
    assert.ok(all.every((r) => r.token_hash !== plain && !r.token_hash.includes(secret)));
  }
  const files = [sql(srv.db, '.dump'), ...['', '-wal'].filter((x) => existsSync(srv.db + x)).map((x) => readFileSync(srv.db + x, 'latin1'))];
  for (const plain of [token, ...Object.values(tokens)]) {
    for (const text of files) assert.ok(!text.includes(plain.slice('sahifa_'.length)), 'the plain token is nowhere in the database');
  }
  assert.ok(all.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash)), 'a 256-bit hash each');

  assert.equal(sahifa(['token', 'create', '--user', 'nobody', '--scope', 'articles:write', '--db', srv.db]).status, 1);
  const scope = sahifa(['token', 'create', '--user', 'ed', '--scope', 'articles:delete', '--db', srv.db]);
  assert.equal(scope.status, 2);
  assert.match(scope.stderr, /unknown scope/);
  assert.equal(sahifa(['token', 'create', '--user', 'ed', '--db', srv.db]).status, 2);
  assert.equal(sahifa(['token', 'revoke', '--db', srv.db]).status, 2);
  const none = sahifa(['token', 'revoke', '424242', '--db', srv.db]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no token 424242/);
  const help = sahifa(['token', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /sahifa token create --user LOGIN --scope SCOPE/);
  assert.match(sahifa(['--help']).stdout, /\n {2}token +/);
});
