// SIGTERM: the server stops accepting, finishes the request in flight, and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';

test('a request in flight at SIGTERM still gets its answer; then new connections are refused', async () => {
  const srv = await startServer({ demo: false });
  const { port } = new URL(srv.url);
  // Headers sent, body still arriving: the request is in flight.
  const sock = net.connect(Number(port), '127.0.0.1');
  await new Promise((r) => sock.on('connect', r));
  sock.write('POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345');
  await new Promise((r) => setTimeout(r, 200));
  const stopped = srv.stop();
  await new Promise((r) => setTimeout(r, 300));
  const refused = await new Promise((resolve) => {
    const s = net.connect(Number(port), '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(true));
  });
  assert.ok(refused, 'no new connections once stopping');
  let answer = '';
  sock.setEncoding('latin1');
  sock.on('data', (d) => (answer += d));
  sock.write('67890');
  await new Promise((r) => sock.on('close', r));
  assert.match(answer, /^HTTP\/1\.1 405 /, 'the request in flight was answered');
  assert.match(answer, /Connection: close/i);
  assert.equal(await stopped, 0);
  srv.cleanup();
});
