// Article views: counted once per client within 30 minutes, never for bots, kept in memory on
// the request path and written in a batch (at the latest when the server stops).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql } from '../lib/server.mjs';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36';

function metric(text, outcome) {
  return Number(new RegExp(`^sahifa_views_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)[1]);
}

test('a view counts once per client and not at all for a bot; the count reaches the database', async () => {
  const srv = await startServer();
  const [a] = rows(srv.db, "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY id LIMIT 1");
  const total = () => Number(sql(srv.db, `SELECT coalesce(sum(views), 0) FROM views_daily WHERE article_id = ${a.id}`));
  const before = total();
  const path = `/a/${a.id}/${encodeURIComponent(a.slug)}`;
  const m0 = (await get(srv.url, '/metrics')).text;

  for (let i = 0; i < 3; i++) assert.equal((await get(srv.url, path, { headers: { 'User-Agent': BROWSER } })).status, 200);
  assert.equal((await get(srv.url, path, { headers: { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' } })).status, 200);
  // Another client (another browser on the same address) counts separately.
  await get(srv.url, path, { headers: { 'User-Agent': BROWSER + ' Edg/120' } });
  // A redirect to the article is not a view of it.
  await get(srv.url, `/a/${a.id}`, { headers: { 'User-Agent': 'Mozilla/5.0 third' } });

  const m1 = (await get(srv.url, '/metrics')).text;
  assert.equal(metric(m1, 'counted') - metric(m0, 'counted'), 2);
  assert.equal(metric(m1, 'repeat') - metric(m0, 'repeat'), 2);
  assert.equal(metric(m1, 'bot') - metric(m0, 'bot'), 1);
  // Nothing is written on the request path.
  assert.equal(total(), before);

  assert.equal(await srv.stop(), 0, 'SIGTERM: exit 0');
  assert.equal(total(), before + 2, 'the views were flushed at shutdown');
  const hourly = Number(sql(srv.db, `SELECT coalesce(sum(views), 0) FROM views_hourly WHERE article_id = ${a.id} AND hour = strftime('%s','now') / 3600`));
  assert.ok(hourly >= 2, 'and counted in the current hour');
  srv.cleanup();
});
