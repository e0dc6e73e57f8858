// The nginx and Varnish configurations of docs/OPERATIONS.md, taken from the document itself,
// run in front of the real binary: pages are served from the proxy's cache, an edit reaches
// readers through sahifa's purge hook (cdn_purge) in every coding, logged-in readers and POSTs
// go through to sahifa. Skips, saying so, when nginx or varnishd is not installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import http from 'node:http';
import { ROOT, startServer, rows, sql, sahifa } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { addUser, Session } from '../lib/admin.mjs';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync);
const VARNISHD = ['/usr/sbin/varnishd', '/usr/bin/varnishd'].find(existsSync);
const doc = readFileSync(join(ROOT, 'docs/OPERATIONS.md'), 'utf8');
const block = (lang) => {
  const m = new RegExp('```' + lang + '\\n([^]*?)```').exec(doc);
  assert.ok(m, `a ${lang} block in docs/OPERATIONS.md`);
  return m[1];
};

const dirs = [];
let work;
before(() => {
  // The proxies' workers run as another user when the tests run as root: they must enter it.
  work = mkdtempSync(join(tmpdir(), 'sahifa-cdn-'));
  chmodSync(work, 0o755);
  dirs.push(work);
});
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// A GET with exactly these headers through base: {status, headers, text} with the body decoded.
function fetchRaw(base, path, headers = {}) {
  const u = new URL(base + path);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let body = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        if (enc === 'br') body = zlib.brotliDecompressSync(body);
        if (enc === 'gzip') body = zlib.gunzipSync(body);
        resolve({ status: res.statusCode, headers: res.headers, text: body.toString() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

// How many GETs of path sahifa's access log holds (it is written as each request ends).
const served = (srv, path) => readFileSync(srv.accessLog, 'utf8').split('\n')
  .filter((l) => l.includes(`"GET ${path} `)).length;

async function until(what, check, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const CODINGS = ['br', 'gzip', ''];

// The shared scenario: proxy is the proxy's base URL, purgePort where cdn_purge points.
async function scenario(name, proxyBase, srv, token) {
  const [a] = rows(srv.db, "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
  const path = `/a/${a.id}/${encodeURIComponent(a.slug)}`;
  const host = { Host: 'example.com' };
  for (const coding of CODINGS)
    for (let i = 0; i < 3; i++) {
      const res = await fetchRaw(proxyBase, path, { ...host, 'Accept-Encoding': coding });
      assert.equal(res.status, 200, `${name}: ${coding || 'identity'}`);
    }
  await new Promise((r) => setTimeout(r, 200));
  const asked = served(srv, path);
  assert.ok(asked >= 1 && asked <= CODINGS.length, `${name}: nine readers, ${asked} requests to sahifa`);

  // An edit: the proxy's copies are stale for a minute (s-maxage) unless the purge reaches it.
  const title = `عنوان معدل يصل عبر ${name}`;
  const res = await request(`${srv.url}/api/v1/articles/${a.id}`, {
    method: 'PATCH', body: JSON.stringify({ title }),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200, res.text);
  for (const coding of CODINGS)
    await until(`${name}: the edit in the ${coding || 'identity'} copy`, async () =>
      (await fetchRaw(proxyBase, path, { ...host, 'Accept-Encoding': coding })).text.includes(title));
  await until(`${name}: the edit on the home page`, async () =>
    (await fetchRaw(proxyBase, '/', { ...host, 'Accept-Encoding': 'gzip' })).text.includes(title));
  await new Promise((r) => setTimeout(r, 200));
  const after = served(srv, path);
  for (let i = 0; i < 3; i++) await fetchRaw(proxyBase, path, { ...host, 'Accept-Encoding': 'br' });
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(served(srv, path), after, `${name}: the refreshed copy is served by the proxy`);

  // A newsroom user: a POST reaches sahifa as a POST, and pages asked with the session cookie
  // are never the proxy's.
  const ed = new Session(proxyBase);
  assert.equal((await ed.login('ed', 'a-long-password-1')).status, 303, `${name}: the login POST goes through`);
  const n0 = served(srv, path);
  for (let i = 0; i < 2; i++) {
    const mine = await fetchRaw(proxyBase, path, { ...host, Cookie: ed.cookie });
    assert.equal(mine.headers['cache-control'], 'private, no-store', name);
  }
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(served(srv, path) - n0, 2, `${name}: each logged-in request reached sahifa`);
}

async function site(purgeUrl) {
  const srv = await startServer({
    setup: (db) => sql(db, `INSERT INTO settings(key, value) VALUES ('site_url', 'https://example.com'),
      ('cdn_purge', '${purgeUrl}{path}')`),
    args: ['--trusted-proxy', '127.0.0.1'],
  });
  addUser(srv.db, 'ed', 'editor');
  const t = sahifa(['token', 'create', '--user', 'ed', '--scope', 'articles:write', '--db', srv.db]);
  assert.equal(t.status, 0, t.stderr);
  return { srv, token: t.stdout.trim() };
}

test('nginx with the documented proxy_cache configuration: cached, purged through cdn_purge in every coding', { skip: !NGINX && 'nginx is not installed' }, async () => {
  const [front, refresh, purge] = [await freePort(), await freePort(), await freePort()];
  const { srv, token } = await site(`http://127.0.0.1:${purge}`);
  const dir = mkdtempSync(join(work, 'nginx-'));
  chmodSync(dir, 0o755);
  const sahifaPort = new URL(srv.url).port;
  const conf = block('nginx')
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${front};`)
    .replaceAll('/var/cache/nginx/sahifa', join(dir, 'cache'))
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${sahifaPort}`)
    .replaceAll('127.0.0.1:8082', `127.0.0.1:${refresh}`)
    .replaceAll('127.0.0.1:8081', `127.0.0.1:${purge}`);
  assert.ok(!/:80[0-9]{2}\b|listen 443/.test(conf), 'every documented address replaced');
  writeFileSync(join(dir, 'site.conf'), conf);
  writeFileSync(join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n` +
    `events { worker_connections 256; }\nhttp {\n  access_log off;\n  include ${dir}/site.conf;\n}\n`);
  const args = ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', join(dir, 'error.log')];
  const check = spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  // In the foreground, so that this test holds its PID and stops it.
  const proc = spawn(NGINX, [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
  try {
    await until('nginx listening', async () => fetchRaw(`http://127.0.0.1:${front}`, '/healthz').then(() => true, () => false));
    await scenario('nginx', `http://127.0.0.1:${front}`, srv, token);
  } finally {
    proc.kill('SIGQUIT');
    await new Promise((r) => proc.exitCode !== null ? r() : proc.on('exit', r));
    assert.equal(await srv.stop(), 0);
    srv.cleanup();
  }
});

test('Varnish with the documented VCL: cached, purged through cdn_purge by prefix', { skip: !VARNISHD && 'varnishd is not installed' }, async () => {
  const port = await freePort();
  const { srv, token } = await site(`http://127.0.0.1:${port}`);
  const dir = mkdtempSync(join(work, 'varnish-'));
  chmodSync(dir, 0o755);
  const vcl = block('vcl').replace('.port = "8080"', `.port = "${new URL(srv.url).port}"`);
  assert.notEqual(vcl, block('vcl'), 'the backend port replaced');
  writeFileSync(join(dir, 'site.vcl'), vcl);
  const proc = spawn(VARNISHD, ['-F', '-a', `127.0.0.1:${port}`, '-f', join(dir, 'site.vcl'), '-n', join(dir, 'work'),
    '-s', 'malloc,32m'], { stdio: 'ignore' });
  try {
    await until('varnish answering', async () =>
      fetchRaw(`http://127.0.0.1:${port}`, '/healthz').then((r) => r.status === 200, () => false), 30000);
    await scenario('Varnish', `http://127.0.0.1:${port}`, srv, token);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.exitCode !== null ? r() : proc.on('exit', r));
    assert.equal(await srv.stop(), 0);
    srv.cleanup();
  }
});
