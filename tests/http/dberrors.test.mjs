// A database that fails under a running site: pages and the API answer 500 with the one error
// renderer's Arabic page or JSON error object, never 404 or an empty page, and a session or an
// API token that cannot be read answers 503, never "logged out" or "invalid token"; nothing of
// the failure is kept, and the site answers normally once the database is whole again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { Session, addUser, field } from '../lib/admin.mjs';

let srv, article, other;
before(async () => {
  srv = await startServer();
  [article, other] = rows(srv.db, "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY id LIMIT 2");
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const pages = () => [`/a/${article.id}/${encodeURIComponent(article.slug)}`, `/a/${article.id}`, '/', '/c/economy', '/feed', '/sitemap.xml'];
const api = () => [`/api/v1/articles/${article.id}`, '/api/v1/articles', `/api/v1/articles/${article.id}/comments`];

// The Arabic error page for a server error: status 500, HTML, the status in Arabic digits, an
// Arabic title and message, and not the "not found" page.
function assertErrorPage(res, path) {
  assert.equal(res.status, 500, `${path}: ${res.status}`);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/, path);
  assert.match(res.text, /<p class="error-status">٥٠٠<\/p>/, path);
  assert.match(res.text, /<h1 class="error-title">حدث خطأ في الخادم<\/h1>/, path);
  assert.match(res.text, /<p class="error-message">[^<]*[\u0600-\u06FF][^<]*<\/p>/, path);
  assert.ok(!res.text.includes('الصفحة غير موجودة'), `${path}: not the "not found" page`);
}

test('an article table that cannot be read: 500 pages and JSON errors, /healthz still answers, and all is well once it is back', async () => {
  // While the database is whole: the pages as readers know them.
  for (const path of pages()) {
    const res = await get(srv.url, path);
    assert.ok(res.status === 200 || res.status === 301, `${path} before: ${res.status}`);
  }

  sql(srv.db, 'ALTER TABLE articles RENAME TO articles_away');
  try {
    // Readers keep the pages the page cache holds, rendered while all was well (they stay
    // there a minute at most); a render now fails, as a logged-in reader's does.
    assert.equal((await get(srv.url, '/')).status, 200, 'the cached home page');
    const render = { headers: { Cookie: 'sahifa_session=x' } };
    for (const path of pages()) {
      if (path === `/a/${article.id}`) {
        // The short address too: a failure is not "no such article" (404) nor a redirect.
        const res = await get(srv.url, path, render);
        assert.equal(res.status, 500, `${path}: ${res.status}`);
        continue;
      }
      assertErrorPage(await get(srv.url, path, render), path);
    }
    for (const path of api()) {
      const res = await get(srv.url, path);
      assert.equal(res.status, 500, `${path}: ${res.status}`);
      assert.match(res.headers.get('content-type'), /^application\/json/, path);
      const body = JSON.parse(res.text);
      assert.equal(body.error.code, 'database_error', path);
      assert.match(body.error.message, /[\u0600-\u06FF]/, `${path}: the message is Arabic`);
    }
    // An id that would be 404 on a healthy site cannot be told from one that exists.
    assert.equal((await get(srv.url, '/a/999999')).status, 500);
    const health = await get(srv.url, '/healthz');
    assert.equal(health.status, 200, 'the server itself is up: the database file still answers');
  } finally {
    sql(srv.db, 'ALTER TABLE articles_away RENAME TO articles');
  }

  // Nothing of the failure was kept: the same pages answer as before.
  for (const path of pages()) {
    const res = await get(srv.url, path);
    assert.ok(res.status === 200 || res.status === 301, `${path} after: ${res.status}`);
  }
  const a = await get(srv.url, `/api/v1/articles/${article.id}`);
  assert.equal(a.status, 200);
  assert.equal(JSON.parse(a.text).article.id, article.id);
  assert.equal((await get(srv.url, '/a/999999')).status, 404, 'and an unknown id is 404 again');
});

test('a comments table that cannot be read: the article page is 500, not an article with no comments', async () => {
  // An article not shown yet: a shown one's comments come from the rendered-comments cache,
  // rightly, while none of them changes.
  const path = `/a/${other.id}/${encodeURIComponent(other.slug)}`;
  sql(srv.db, 'ALTER TABLE comments RENAME TO comments_away');
  try {
    assertErrorPage(await get(srv.url, path), path);
    const res = await get(srv.url, `/api/v1/articles/${other.id}/comments`);
    assert.equal(res.status, 500);
    assert.equal(JSON.parse(res.text).error.code, 'database_error');
  } finally {
    sql(srv.db, 'ALTER TABLE comments_away RENAME TO comments');
  }
  const res = await get(srv.url, path);
  assert.equal(res.status, 200);
  assert.match(res.text, /التعليقات/);
});

test('a sessions table that cannot be read: the newsroom answers 503, not the login page nor an expired form', async () => {
  addUser(srv.db, 'desk', 'editor', 'desk-password-1');
  const s = new Session(srv.url);
  assert.equal((await s.login('desk', 'desk-password-1')).status, 303);
  const csrf = field((await s.get('/admin/account')).text, 'csrf');
  assert.ok(csrf, 'the session works before');
  sql(srv.db, 'ALTER TABLE sessions RENAME TO sessions_away');
  try {
    for (const path of ['/admin/articles', '/admin/account', '/admin/login']) {
      const res = await s.get(path);
      assert.equal(res.status, 503, `${path}: ${res.status} (${res.headers.get('location')})`);
      assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/, path);
      assert.match(res.text, /<p class="error-status">٥٠٣<\/p>/, path);
      assert.match(res.text, /<p class="error-message">[^<]*[\u0600-\u06FF][^<]*<\/p>/, path);
      assert.ok(!res.text.includes('name="password"'), `${path}: not the login form`);
    }
    // A form posted with the session's CSRF token is not refused as expired (403).
    const posted = await s.post('/admin/categories', { name: 'قسم', slug: 'desk-test' }, { csrf });
    assert.equal(posted.status, 503, posted.text);
    assert.match(posted.text, /<p class="error-status">٥٠٣<\/p>/);
  } finally {
    sql(srv.db, 'ALTER TABLE sessions_away RENAME TO sessions');
  }
  const res = await s.get('/admin/articles');
  assert.equal(res.status, 200, 'the same session works once the table is back');
});

test('an API tokens table that cannot be read: a bearer request answers 503 JSON, not 401', async () => {
  addUser(srv.db, 'wire', 'editor', 'wire-password-1');
  const made = sahifa(['token', 'create', '--user', 'wire', '--scope', 'articles:write', '--label', 'tests', '--db', srv.db]);
  assert.equal(made.status, 0, made.stderr);
  const send = () => request(`${srv.url}/api/v1/articles`, {
    method: 'POST', body: '{}',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${made.stdout.trim()}` },
  });
  const before = await send();
  assert.equal(before.status, 422, `the token works before: ${before.text}`);
  sql(srv.db, 'ALTER TABLE api_tokens RENAME TO api_tokens_away');
  try {
    const res = await send();
    assert.equal(res.status, 503, res.text);
    assert.match(res.headers['content-type'], /^application\/json/);
    const body = JSON.parse(res.text);
    assert.equal(body.error.code, 'database_unavailable');
    assert.match(body.error.message, /[\u0600-\u06FF]/, 'the message is Arabic');
    assert.equal(res.headers['www-authenticate'], undefined, 'not an invalid token');
  } finally {
    sql(srv.db, 'ALTER TABLE api_tokens_away RENAME TO api_tokens');
  }
  assert.equal((await send()).status, 422, 'the token works again once the table is back');
});
