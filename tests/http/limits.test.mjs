// Bad input and protocol behaviour: the server answers each with the right status and keeps
// serving everyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer, get } from '../lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

// Sends raw bytes and returns the status code of the response.
function raw(url, bytes) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => sock.write(bytes));
    let data = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      data += d;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      if (m) {
        sock.destroy();
        resolve(Number(m[1]));
      }
    });
    sock.on('error', reject);
    sock.on('close', () => resolve(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 'closed'));
  });
}

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
