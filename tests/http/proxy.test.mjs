// Behind a trusted reverse proxy, the reader's address comes from X-Forwarded-For; from anyone
// else the header is ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';

test('--trusted-proxy: the last X-Forwarded-For entry from the proxy, nothing from others', async () => {
  const srv = await startServer({ demo: false, args: ['--trusted-proxy', '127.0.0.1'] });
  const xff = (v) => ({ 'X-Forwarded-For': v });
  await request(`${srv.url}/healthz?n=1`, { from: '127.0.0.1', headers: xff('1.2.3.4, 203.0.113.7') });
  await request(`${srv.url}/healthz?n=2`, { from: '127.0.0.2', headers: xff('203.0.113.8') });
  await request(`${srv.url}/healthz?n=3`, { from: '127.0.0.1', headers: xff('not-an-address') });
  await request(`${srv.url}/healthz?n=4`, { from: '127.0.0.1', headers: xff('2001:db8::1') });
  await new Promise((r) => setTimeout(r, 200));
  const log = readFileSync(srv.accessLog, 'utf8');
  const who = (n) => new RegExp(`^(\\S+) .*healthz\\?n=${n} `, 'm').exec(log)?.[1];
  assert.equal(who(1), '203.0.113.7', 'the address the proxy added');
  assert.equal(who(2), '127.0.0.2', 'not from the proxy: the header is ignored');
  assert.equal(who(3), '127.0.0.1', 'a malformed entry is not believed');
  assert.equal(who(4), '2001:db8::1');
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});
