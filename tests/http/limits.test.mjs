// Bad input and protocol behaviour: the server answers each with the right status and keeps
// serving everyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, get, rows, sql } from '../lib/server.mjs';
import { Session, addUser, field } from '../lib/admin.mjs';
import { request, raw } from '../lib/post.mjs';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('invalid UTF-8 in the path or the query is 400 with an Arabic page', async () => {
  for (const path of ['/a/%FF', '/c/%C3%28', '/?q=%FF%FE', '/t/%ED%A0%80']) {
    const res = await get(srv.url, path);
    assert.equal(res.status, 400, path);
    assert.match(res.text, /lang="ar"/);
  }
});

test('an oversize header is refused with 431, an oversize body with 413', async () => {
  const big = 'x'.repeat(64 * 1024);
  const status = await raw(srv.url, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${big}\r\n\r\n`);
  assert.equal(status, 431);
  // A declared length over the limit is refused before the body is sent.
  assert.equal(await raw(srv.url, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2097152\r\n\r\n'), 413);
  // Chunked bodies have no length to check up front: refused once they pass the limit.
  const chunk = 'y'.repeat(512 * 1024);
  let req = 'POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n';
  for (let i = 0; i < 3; i++) req += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  req += '0\r\n\r\n';
  assert.equal(await raw(srv.url, req), 413);
});

test('a method a path does not take is 405; HEAD works like GET without a body', async () => {
  assert.equal((await get(srv.url, '/', { method: 'POST', body: 'a=b' })).status, 405);
  const head = await get(srv.url, '/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
});

test('the server keeps serving after bad requests', async () => {
  await raw(srv.url, 'GARBAGE\r\n\r\n');
  await raw(srv.url, `GET /${'%FF'.repeat(10)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.equal((await get(srv.url, '/')).status, 200);
});

test('pages carry an ETag and answer 304 when it matches', async () => {
  const first = await get(srv.url, '/');
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{16}(-gz|-br)?"$/);
  const again = await get(srv.url, '/', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
});

test('security headers on every page', async () => {
  const res = await get(srv.url, '/');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
});

test('static files: fingerprinted and immutable, plain names revalidated, nothing else', async () => {
  // Public pages inline the stylesheet; the newsroom links it.
  const login = (await get(srv.url, '/admin/login')).text;
  const href = /href="(\/static\/style\.[0-9a-f]{8}\.css)"/.exec(login)?.[1];
  assert.ok(href, 'the page links the fingerprinted stylesheet');
  const css = await get(srv.url, href);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.match(css.headers.get('cache-control'), /immutable/);
  const plain = await get(srv.url, '/static/style.css');
  assert.equal(plain.status, 200);
  assert.equal(plain.text, css.text);
  for (const path of ['/static/nope.css', '/static/..%2Fsahifa.db', '/static/.hidden', '/static/style.00000000.css']) {
    assert.equal((await get(srv.url, path)).status, 404, path);
  }
});

test('operations: /healthz and /metrics', async () => {
  const h = await get(srv.url, '/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(JSON.parse(h.text), { status: 'ok' });
  const m = await get(srv.url, '/metrics');
  assert.equal(m.status, 200);
  assert.match(m.text, /^sahifa_views_total\{outcome="counted"\} \d+$/m);
});

test('one access-log line per request, in the combined log format', async () => {
  await get(srv.url, '/c/politics?x=1', { headers: { 'User-Agent': 'Mozilla/5.0 "quoted"', Referer: 'http://example.com/' } });
  // The line is written when the response completes; give it a moment.
  await new Promise((r) => setTimeout(r, 200));
  const lines = readFileSync(srv.accessLog, 'utf8').trim().split('\n');
  const line = lines.find((l) => l.includes('/c/politics?x=1'));
  assert.match(line, /^127\.0\.0\.1 - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \/c\/politics\?x=1 HTTP\/1\.1" 200 \d+ "http:\/\/example\.com\/" "Mozilla\/5\.0 \\x22quoted\\x22"$/);
});

test('500 query arguments are answered 414 at once, as is an over-long URI; 60 are fine', async () => {
  const many = Array.from({ length: 500 }, (_, i) => `a${i}=1`).join('&');
  const res = await get(srv.url, `/search?${many}`);
  assert.equal(res.status, 414);
  assert.match(res.text, /lang="ar"/);
  assert.match(res.text, /عنوان الطلب أطول من المسموح/);
  // The same through a raw socket: an answer, not a connection left hanging.
  assert.equal(await raw(srv.url, `GET /search?${many} HTTP/1.1\r\nHost: x\r\n\r\n`), 414);
  assert.equal((await get(srv.url, `/api/v1/search?${many}`)).status, 414);
  assert.equal(JSON.parse((await get(srv.url, `/api/v1/search?${many}`)).text).error.code, 'uri_too_long');
  assert.equal((await get(srv.url, `/search?q=${'ب'.repeat(1500)}`)).status, 414, 'a 9 KB URI');
  const sixty = Array.from({ length: 59 }, (_, i) => `a${i}=1`).join('&');
  assert.equal((await get(srv.url, `/search?q=x&${sixty}`)).status, 200);
  assert.equal((await get(srv.url, '/')).status, 200);
});

test('a head of many headers or cookies is refused or cut, never left hanging', async () => {
  const headers = Array.from({ length: 1500 }, (_, i) => `X-H${i}: v`).join('\r\n');
  assert.match(String(await raw(srv.url, `GET / HTTP/1.1\r\nHost: x\r\n${headers}\r\n\r\n`)), /^(431|400|closed)$/);
  const cookies = Array.from({ length: 1500 }, (_, i) => `c${i}=1`).join('; ');
  assert.equal(await raw(srv.url, `GET / HTTP/1.1\r\nHost: x\r\nCookie: ${cookies}\r\n\r\n`), 431);
  // Between the 32 KiB cap and what libmicrohttpd can hold: our own 431.
  const big = await raw(srv.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(40 * 1024)}\r\n\r\n`);
  assert.equal(big, 431);
  assert.equal((await get(srv.url, '/')).status, 200);
});

test('control characters in the path or the query are 400, in every form', async () => {
  for (const path of ['/search?q=%1b[31m', '/search?q=a%0Ab', '/search?q=%09x', '/search?q=%7F',
    '/search?q=%C2%9B31m', '/search?%1b=x', '/c/a%0Db', '/t/%1b']) {
    const res = await get(srv.url, path);
    assert.equal(res.status, 400, path);
    assert.match(res.text, /محارف تحكّم/, path);
    assert.ok(!res.text.includes('\x1b'), `${path}: no ESC echoed`);
  }
  assert.equal((await get(srv.url, '/search?q=%C2%A0x')).status, 200, 'U+00A0 is not a control');
});

test('a NUL in the target is 400, encoded or raw, not a shorter path', async () => {
  for (const path of ['/robots.txt%00.html', '/robots.txt%00', '/search?q=a%00b', '/search?a%00=1', '/%00']) {
    assert.equal((await get(srv.url, path)).status, 400, path);
  }
  assert.equal(await raw(srv.url, 'GET /robots.txt\0.html HTTP/1.1\r\nHost: x\r\n\r\n'), 400);
  assert.equal(await raw(srv.url, 'GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n'), 200);
  assert.equal((await get(srv.url, '/search?q=%2500')).status, 200, '%25 is a percent sign');
});

test('HTTP/1.1 needs exactly one plain Host header (400); HTTP/1.0 may omit it', async () => {
  assert.equal(await raw(srv.url, 'GET / HTTP/1.1\r\n\r\n'), 400);
  assert.equal(await raw(srv.url, 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'), 400);
  assert.equal(await raw(srv.url, 'GET / HTTP/1.1\r\nHost: a\x1bb\r\n\r\n'), 400);
  assert.equal(await raw(srv.url, 'GET / HTTP/1.1\r\nHost: \r\n\r\n'), 400);
  assert.equal(await raw(srv.url, 'GET / HTTP/1.0\r\n\r\n'), 200);
  assert.equal(await raw(srv.url, 'GET / HTTP/1.1\r\nHost: news.example:8080\r\n\r\n'), 200);
});

test('a newsroom form that is not UTF-8 is 400 with an Arabic message, not a CSRF failure', async () => {
  addUser(srv.db, 'limits-editor', 'editor', 'limits-password-1');
  const s = new Session(srv.url);
  assert.equal((await s.login('limits-editor', 'limits-password-1')).status, 303);
  const csrf = field((await s.get('/admin/account')).text, 'csrf');
  const send = (body) => request(`${srv.url}/admin/categories`, {
    method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.cookie },
  });
  for (const body of [`csrf=${csrf}&name=%FF%FE`, `csrf=${csrf}&na%1Bme=x`, `csrf=${csrf}&name=a%00b`]) {
    const res = await send(body);
    assert.equal(res.status, 400, body);
    assert.match(res.text, /بيانات النموذج ليست نصًا صالحًا بترميز UTF-8/, body);
  }
  // The same token with a well-formed form still passes the CSRF check.
  assert.notEqual((await send(`csrf=${csrf}&name=${encodeURIComponent('رياضة محلية')}&slug=local-sport`)).status, 403);
  // And a form without the token is still a CSRF failure.
  assert.equal((await send('name=x')).status, 403);
});

test('a reader\'s comment form that is not UTF-8, or not a form, is 400 and stores nothing', async () => {
  const [a] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' AND comments_open = 1 ORDER BY published_at DESC LIMIT 1");
  const count = () => Number(sql(srv.db, `SELECT count(*) FROM comments WHERE article_id = ${a.id}`));
  const before = count();
  const send = (body, type = 'application/x-www-form-urlencoded') => request(`${srv.url}/a/${a.id}/comments`, {
    method: 'POST', body, headers: { 'Content-Type': type },
  });
  for (const body of ['name=%FF%FE&text=x', 'na%1Bme=x&text=y', 'name=a%00b&text=y']) {
    const res = await send(body);
    assert.equal(res.status, 400, body);
    assert.match(res.text, /بيانات النموذج ليست نصًا صالحًا بترميز UTF-8/, body);
  }
  // A body of another type has no fields, so no token either: like any post without one, it is
  // shown back to be confirmed (the form without the page's script), and nothing is stored.
  const plain = await send('name=قارئ&text=تعليق', 'text/plain');
  assert.equal(plain.status, 200);
  assert.ok(plain.text.includes('>أكّد الإرسال</button>'));
  assert.ok(!plain.text.includes('تعليق</textarea>'), 'the other type\'s body is not read as fields');
  assert.equal(count(), before, 'nothing stored');
});
