// Hostile clients at the connection level (docs/SECURITY.md rules 3 and 28): per-address caps,
// deadlines for a whole request head and body, and a server that still answers everyone else
// while many trickling connections from many addresses are open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, get } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';

const PER_CLIENT = 64; // server_config_defaults(): per_client_connections
const HEAD_TIMEOUT = 10; // head_timeout, seconds

let srv, port;
before(async () => {
  srv = await startServer();
  port = Number(new URL(srv.url).port);
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

// Opens a connection from `from` and resolves once it is established, to an object that
// records what happens to it: {sock, data, closed (a promise of the time it closed, ms after
// it opened)}.
function open(from, first = '') {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: '127.0.0.1', localAddress: from });
    const c = { sock, data: '', opened: 0 };
    c.closed = new Promise((done) => sock.on('close', () => done(Date.now() - c.opened)));
    sock.setEncoding('latin1');
    sock.on('data', (d) => (c.data += d));
    sock.on('error', () => {}); // a reset is a close here
    sock.once('connect', () => {
      c.opened = Date.now();
      if (first) sock.write(first);
      resolve(c);
    });
    sock.once('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Whether c is still open after ms.
async function stillOpen(c, ms) {
  return Promise.race([c.closed.then(() => false), sleep(ms).then(() => true)]);
}

// Sends a header line every second, as a slowloris client does, until the connection closes
// or `lines` have gone; resolves to whether the server closed it first.
async function trickle(c, lines) {
  for (let i = 0; i < lines; i++) {
    if (!(await stillOpen(c, 1000))) return true;
    c.sock.write(`X-Trickle-${i}: ${i}\r\n`);
  }
  return !(await stillOpen(c, 100));
}

test('a head or a body trickled past its deadline is cut off, unanswered', async () => {
  const head = await open('127.0.0.2', 'GET / HTTP/1.1\r\nHost: x\r\n');
  // A body declared at 1,000 bytes and sent a byte a second: a day, at the minimum rate a few
  // seconds past the head's grace.
  const body = await open('127.0.0.3', 'POST /a/1/comments HTTP/1.1\r\nHost: x\r\n' +
    'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n');
  const slowBody = (async () => {
    for (let i = 0; i < 3 * HEAD_TIMEOUT; i++) {
      if (!(await stillOpen(body, 1000))) return true;
      body.sock.write('x');
    }
    return !(await stillOpen(body, 100));
  })();
  // Lines keep coming, so libmicrohttpd's idle timeout (30 s) never fires; the deadline does.
  const [headCut, bodyCut] = await Promise.all([trickle(head, 3 * HEAD_TIMEOUT), slowBody]);
  assert.ok(headCut, 'the trickled head was closed by the server');
  assert.equal(head.data, '', 'no answer to a head that never finished');
  assert.ok(bodyCut, 'the trickled body was closed by the server');
  assert.doesNotMatch(body.data, /^HTTP\/1\.1 (200|303)/);
  assert.ok(await head.closed >= (HEAD_TIMEOUT - 1) * 1000, 'not before its deadline');
  assert.match((await get(srv.url, '/metrics')).text, /^sahifa_connections_expired_total [2-9]\d*$/m);
  // A request sent whole on a fresh connection is answered as ever.
  assert.equal((await get(srv.url, '/')).status, 200);
});

test(`one address holds at most ${PER_CLIENT} connections; others are let in meanwhile`, async () => {
  const from = '127.0.0.4';
  const conns = [];
  for (let i = 0; i < PER_CLIENT + 6; i++) conns.push(await open(from));
  // The ones past the cap are closed at once; the others stay open.
  const open_ = await Promise.all(conns.map((c) => stillOpen(c, 500)));
  assert.equal(open_.filter(Boolean).length, PER_CLIENT);
  const metrics = (await get(srv.url, '/metrics')).text;
  assert.ok(Number(/^sahifa_connections_refused_total (\d+)$/m.exec(metrics)[1]) >= 6);
  assert.ok(Number(/^sahifa_connections_open (\d+)$/m.exec(metrics)[1]) >= PER_CLIENT);
  assert.equal((await request(`${srv.url}/`, { from: '127.0.0.5' })).status, 200, 'another address');
  // Closing one makes room for one more request from that address.
  conns.find((c, i) => open_[i]).sock.destroy();
  await sleep(200);
  assert.equal((await request(`${srv.url}/`, { from })).status, 200, 'room again');
  for (const c of conns) c.sock.destroy();
});

test('1,100 trickling connections from 22 addresses do not keep a reader out', async () => {
  const conns = [];
  for (let a = 0; a < 22; a++) {
    const from = `127.0.1.${a + 1}`;
    for (let i = 0; i < 50; i++) conns.push(open(from, 'GET / HTTP/1.1\r\nHost: x\r\n'));
  }
  const opened = await Promise.all(conns);
  await sleep(300);
  const held = (await Promise.all(opened.map((c) => stillOpen(c, 0)))).filter(Boolean).length;
  assert.equal(held, 1100, 'all of them are held: 50 an address is under the cap');
  // A reader who gives up after 10 seconds, as people do (the connections above would all
  // have been given up on by libmicrohttpd's 30-second idle timeout by then).
  for (let i = 0; i < 5; i++) {
    const res = await get(srv.url, '/', { signal: AbortSignal.timeout(10000) });
    assert.equal(res.status, 200);
  }
  const api = await request(`${srv.url}/api/v1/articles`, { from: '127.0.2.1' });
  assert.equal(api.status, 200);
  for (const c of opened) c.sock.destroy();
});

test('the trusted proxy has no per-address cap: every reader comes through it', async () => {
  const proxied = await startServer({ args: ['--trusted-proxy', '127.0.0.9'] });
  try {
    const p = Number(new URL(proxied.url).port);
    const conns = [];
    for (let i = 0; i < PER_CLIENT + 20; i++) {
      conns.push(await new Promise((resolve, reject) => {
        const sock = net.connect({ port: p, host: '127.0.0.1', localAddress: '127.0.0.9' }, () => resolve(sock));
        sock.on('error', reject);
      }));
    }
    const closed = conns.map(() => false);
    conns.forEach((s, i) => s.on('close', () => (closed[i] = true)));
    await sleep(500);
    assert.equal(closed.filter(Boolean).length, 0);
    const res = await request(`${proxied.url}/`, { from: '127.0.0.9', headers: { 'X-Forwarded-For': '203.0.113.7' } });
    assert.equal(res.status, 200);
    for (const s of conns) s.destroy();
  } finally {
    assert.equal(await proxied.stop(), 0);
    proxied.cleanup();
  }
});
