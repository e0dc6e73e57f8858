// The site in the newsroom's hands: every setting of docs/OPERATIONS.md on one screen, checked,
// applied without a restart (and from other processes within seconds); static pages with
// their own editor at /p/{slug}, linked from every page's footer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, get, rows, sql, ROOT } from '../lib/server.mjs';
import { Session, addUser } from '../lib/admin.mjs';

let srv, admin, editor;
const BOT = { headers: { 'User-Agent': 'desk-tests-bot' } };
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'rami', 'admin', 'rami-password-1', 'رامي حداد');
  addUser(srv.db, 'lina', 'editor', 'lina-password-1', 'لينا صباغ');
  addUser(srv.db, 'tariq', 'writer', 'tariq-password-1', 'طارق بكر');
  admin = new Session(srv.url);
  await admin.login('rami', 'rami-password-1');
  editor = new Session(srv.url);
  await editor.login('lina', 'lina-password-1');
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

// The settings docs/OPERATIONS.md lists, but the secret.
const documented = () => [...readFileSync(join(ROOT, 'docs', 'OPERATIONS.md'), 'utf8')
  .split('## Settings')[1].split('\n## ')[0].matchAll(/^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|/gm)]
  .flatMap((m) => [m[1], m[2]]).filter((k) => k && k !== 'secret');
// The screen's fields and their values.
const fieldsOf = (html) => {
  const out = {};
  for (const m of html.matchAll(/<input id="set-[a-z_]+" name="([a-z_]+)" type="[a-z]+" value="([^"]*)"/g)) out[m[1]] = m[2];
  for (const m of html.matchAll(/<textarea id="set-[a-z_]+" name="([a-z_]+)"[^>]*>([^<]*)<\/textarea>/g)) out[m[1]] = m[2];
  for (const m of html.matchAll(/<select id="set-[a-z_]+" name="([a-z_]+)"[^>]*>([\s\S]*?)<\/select>/g)) out[m[1]] = /<option value="([^"]*)" selected>/.exec(m[2])?.[1] ?? '';
  return out;
};

test('the settings screen holds every documented setting, for admins only', async () => {
  const res = await admin.get('/admin/settings');
  assert.equal(res.status, 200);
  const fields = fieldsOf(res.text);
  const keys = documented();
  assert.ok(keys.length >= 19, `read ${keys.length} settings from the docs`);
  assert.deepEqual(keys.filter((k) => !(k in fields)), [], 'every documented setting is on the screen');
  assert.equal(fields.site_name, 'صحيفة الأفق');
  assert.equal(fields.per_page, '20', 'unset ones show their default');
  assert.ok(!res.text.includes('name="secret"'));
  assert.equal((await editor.get('/admin/settings')).status, 403);
  assert.equal((await editor.post('/admin/settings', { site_name: 'x' })).status, 403);
});

test('bad values are refused field by field and nothing is saved', async () => {
  const fields = fieldsOf((await admin.get('/admin/settings')).text);
  const bad = { site_name: '', per_page: '0', timezone: 'Mars/Olympus', site_url: 'ftp://example.com',
    api_cors_origin: 'https://reader.example/path', digits: 'roman', comments_per_hour: '1e3', site_logo: 'javascript:x' };
  const res = await admin.post('/admin/settings', { ...fields, ...bad });
  assert.equal(res.status, 422);
  for (const key of Object.keys(bad)) {
    assert.match(res.text, new RegExp(`<div class="field has-error">\\s*<label for="set-${key}">`), key);
  }
  assert.equal(rows(srv.db, "SELECT count(*) AS n FROM settings WHERE key IN ('per_page', 'timezone', 'digits')")[0].n, 0);
  assert.equal((await get(srv.url, '/', BOT)).text.includes('صحيفة الأفق'), true);
});

test('saved settings apply at once, without a restart', async () => {
  const fields = fieldsOf((await admin.get('/admin/settings')).text);
  const generation = rows(srv.db, 'SELECT value FROM generation')[0].value;
  const res = await admin.post('/admin/settings', { ...fields, site_name: 'جريدة المساء', digits: 'latin', per_page: '2',
    timezone: 'Africa/Cairo', feed_full_body: '0', api_cors_origin: 'https://reader.example', date_months: 'egyptian' });
  assert.equal(res.status, 303);
  assert.ok(rows(srv.db, 'SELECT value FROM generation')[0].value > generation, 'the content generation moved on');
  const home = (await get(srv.url, '/', BOT)).text;
  assert.match(home, /<title>جريدة المساء/);
  assert.match(home, /<p class="site-name"><a href="\/" rel="home">جريدة المساء<\/a>/);
  // Latin digits and Egyptian month names, in Cairo's time.
  const [a] = rows(srv.db, "SELECT id, published_at FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
  const page = (await get(srv.url, `/a/${a.id}`, { ...BOT, redirect: 'follow' })).text;
  const time = /<p class="byline">[\s\S]*?<time datetime="([^"]+)">([^<]+)<\/time>/.exec(page);
  assert.match(time[2], /[0-9]{2}:[0-9]{2}$/);
  assert.match(time[2], /يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر/);
  const cairo = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Cairo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(a.published_at * 1000));
  assert.ok(time[2].endsWith(cairo), `${time[2]} in Cairo's time ${cairo}`);
  // Two articles a page on listings; feeds without bodies; CORS for the API.
  const [cat] = rows(srv.db, "SELECT slug FROM categories WHERE slug = 'politics'");
  assert.equal([...(await get(srv.url, `/c/${cat.slug}`, BOT)).text.matchAll(/<article class="card[ "]/g)].length, 2);
  assert.doesNotMatch((await get(srv.url, '/feed', BOT)).text, /<content:encoded>/);
  assert.equal((await get(srv.url, '/api/v1/categories')).headers.get('access-control-allow-origin'), 'https://reader.example');
});

test('settings changed by another process apply within seconds', async () => {
  sql(srv.db, "INSERT INTO settings(key, value) VALUES ('site_name', 'صحيفة من عملية أخرى') ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  let seen = false;
  for (let i = 0; i < 40 && !seen; i++) {
    seen = (await get(srv.url, '/', BOT)).text.includes('صحيفة من عملية أخرى');
    if (!seen) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.ok(seen, 'the background thread reloads changed settings');
});

test('static pages: their own editor, /p/{slug}, linked from every page\'s footer', async () => {
  // The demo's three pages are in the footer of every page.
  const home = (await get(srv.url, '/', BOT)).text;
  const footer = /<nav class="footer-nav"[\s\S]*?<\/nav>/.exec(home)[0];
  assert.deepEqual([...footer.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => m[2]), ['من نحن', 'اتصل بنا', 'سياسة الخصوصية']);
  assert.equal((await get(srv.url, `/p/${encodeURIComponent('من-نحن')}`, BOT)).status, 200);

  const made = await editor.post('/admin/pages/new', { title: 'شروط الاستخدام', slug: '', body: 'يُسمح **بالاقتباس** مع ذكر المصدر.', in_footer: '1', position: '9' });
  assert.equal(made.status, 303);
  const id = Number(/\/admin\/pages\/(\d+)\/edit/.exec(made.headers.location)[1]);
  const page = await get(srv.url, `/p/${encodeURIComponent('شروط-الاستخدام')}`, BOT);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1 class="story-title">شروط الاستخدام<\/h1>/);
  assert.ok(page.text.includes('يُسمح <strong>بالاقتباس</strong> مع ذكر المصدر.'));
  const notFound = await get(srv.url, '/no-such-page', BOT);
  assert.equal(notFound.status, 404);
  assert.match(/<nav class="footer-nav"[\s\S]*?<\/nav>/.exec(notFound.text)[0], /شروط الاستخدام/, 'in the footer of every page');

  // A new address: the old one answers 301.
  assert.equal((await editor.post(`/admin/pages/${id}/edit`, { title: 'شروط الاستخدام', slug: 'terms', body: 'نص.', in_footer: '1', position: '9' })).status, 303);
  const moved = await get(srv.url, `/p/${encodeURIComponent('شروط-الاستخدام')}`, BOT);
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), '/p/terms');
  // Out of the footer, still served.
  await editor.post(`/admin/pages/${id}/edit`, { title: 'شروط الاستخدام', slug: 'terms', body: 'نص.', position: '9' });
  assert.doesNotMatch((await get(srv.url, '/', BOT)).text, /href="\/p\/terms"/);
  assert.equal((await get(srv.url, '/p/terms', BOT)).status, 200);
  // A taken address is refused; an empty title too.
  const taken = await editor.post('/admin/pages/new', { title: 'صفحة أخرى', slug: 'terms', body: '', position: '0' });
  assert.equal(taken.status, 409);
  assert.ok(taken.text.includes('توجد صفحة بهذا الرابط'));
  assert.equal((await editor.post('/admin/pages/new', { title: '', slug: '', body: 'x', position: '0' })).status, 422);
  // Writers do not edit the site's pages.
  const writer = new Session(srv.url);
  await writer.login('tariq', 'tariq-password-1');
  assert.equal((await writer.get('/admin/pages')).status, 403);
  // Deleted: gone.
  assert.equal((await editor.post(`/admin/pages/${id}/delete`)).status, 303);
  assert.equal((await get(srv.url, '/p/terms', BOT)).status, 404);
});
