// bench/first-screen.mjs [RUNS]: the first screen of an article page with its stylesheet linked
// (as sahifa serves it) and inlined in a <style> element (the same bytes rewritten), side by
// side in Debian's Chromium under emulated networks: first contentful paint on a first visit
// (nothing cached) and on a second visit (the stylesheet cached), median of RUNS (default 7).
// Both variants are served brotli-compressed from the same local server, so only the markup
// differs. Load only on 127.0.0.1.
import http from 'node:http';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, rows } from '../tests/lib/server.mjs';

const runs = Number(process.argv[2] ?? 7);
const srv = await startServer();
const [a] = rows(srv.db, "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
const linked = await (await fetch(`${srv.url}/a/${a.id}/${encodeURIComponent(a.slug)}`)).text();
const cssPath = /<link rel="stylesheet" href="([^"]+)">/.exec(linked)[1];
const css = await (await fetch(srv.url + cssPath)).text();
const inlined = linked.replace(`<link rel="stylesheet" href="${cssPath}">`, `<style>${css}</style>`);
const br = (s) => zlib.brotliCompressSync(Buffer.from(s), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
const files = {
  '/linked': { type: 'text/html; charset=utf-8', body: br(linked), cache: 'no-cache' },
  '/inlined': { type: 'text/html; charset=utf-8', body: br(inlined), cache: 'no-cache' },
  [cssPath]: { type: 'text/css; charset=utf-8', body: br(css), cache: 'public, max-age=31536000, immutable' },
};
const server = http.createServer((req, res) => {
  const f = files[req.url.split('?')[0]];
  if (!f) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'Content-Type': f.type, 'Content-Encoding': 'br', 'Cache-Control': f.cache });
  res.end(f.body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const networks = {
  'mobile 4G (150 ms, 9 Mbit/s)': { latency: 150, downloadThroughput: 9e6 / 8, uploadThroughput: 1.5e6 / 8 },
  'slow 3G (400 ms, 400 kbit/s)': { latency: 400, downloadThroughput: 400e3 / 8, uploadThroughput: 400e3 / 8 },
};

async function fcp(path, network, warm) {
  const profile = mkdtempSync(join(tmpdir(), 'sahifa-fcp-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (warm) await page.goto(base + path); // the stylesheet (if any) lands in the browser's cache
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
    await page.goto(base + path + (warm ? '?again' : ''), { waitUntil: 'load' });
    // The paint entry is recorded a frame after it happens.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 10000 });
    return await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`article page: ${files['/linked'].body.length} bytes br linked (+ ${files[cssPath].body.length} bytes of CSS), ` +
  `${files['/inlined'].body.length} bytes br inlined`);
console.log('network | visit | linked FCP ms | inlined FCP ms');
for (const [name, network] of Object.entries(networks)) {
  for (const warm of [false, true]) {
    const l = [], i = [];
    for (let k = 0; k < runs; k++) {
      l.push(await fcp('/linked', network, warm));
      i.push(await fcp('/inlined', network, warm));
    }
    console.log(`${name} | ${warm ? 'second' : 'first'} | ${median(l).toFixed(0)} | ${median(i).toFixed(0)}`);
  }
}
server.close();
await srv.stop();
srv.cleanup();
