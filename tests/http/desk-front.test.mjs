// The front page in editors' hands: the lead story and ordered top stories (falling back to the
// newest), breaking news on every page and in the API until it expires or is stopped, the time
// of day and «آخر تحديث» on article pages (and dateModified), corrections with their time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql } from '../lib/server.mjs';
import { Session, addUser } from '../lib/admin.mjs';

let srv, editor;
const BOT = { headers: { 'User-Agent': 'desk-tests-bot' } };
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'hala', 'editor', 'hala-password-1', 'هالة منصور');
  addUser(srv.db, 'wael', 'writer', 'wael-password-1', 'وائل عمر');
  editor = new Session(srv.url);
  assert.equal((await editor.login('hala', 'hala-password-1')).status, 303);
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const now = () => Math.floor(Date.now() / 1000);
const live = () => rows(srv.db, `SELECT id, title, slug FROM articles WHERE status = 'published' AND published_at <= ${now()} ORDER BY published_at DESC, id DESC`);
const generation = () => rows(srv.db, 'SELECT value FROM generation')[0].value;
const leadTitle = (html) => /<article class="lead[^"]*">[\s\S]*?<h2 class="lead-title"><a href="[^"]*">([^<]*)<\/a>/.exec(html)?.[1];
const section = (html, title) => new RegExp(`<h2 class="block-title">${title}</h2>[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
const cardTitles = (html) => [...html.matchAll(/<h3 class="card-title"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

test('the lead story and ordered top stories chosen in the newsroom; empty slots fall back to the newest', async () => {
  const all = live();
  const [newest] = all;
  const [x, y, z] = all.slice(5, 8); // older articles
  const before = generation();
  const res = await editor.post('/admin/front', { 'slot-0': String(x.id), 'slot-1': String(y.id), 'slot-2': String(z.id), 'slot-3': '' });
  assert.equal(res.status, 303);
  assert.ok(generation() > before, 'the content generation moved on');
  const home = (await get(srv.url, '/', BOT)).text;
  assert.equal(unescape(leadTitle(home)), x.title, 'the pinned lead, not the newest');
  assert.deepEqual(cardTitles(section(home, 'أهم الأخبار')).map(unescape), [y.title, z.title], 'the top stories in slot order');
  const latest = cardTitles(section(home, 'آخر الأخبار')).map(unescape);
  assert.equal(latest[0], newest.title);
  assert.ok(![x, y, z].some((a) => latest.includes(a.title)), 'nothing shown twice');

  const api = JSON.parse((await get(srv.url, '/api/v1/front')).text);
  assert.equal(api.lead.id, x.id);
  assert.deepEqual(api.top.map((a) => a.id), [y.id, z.id]);

  // The pinned lead taken down: the newest takes its place; the top stories stay.
  // (A write by hand moves the content generation, as sahifa's own writes do, so that the page
  // cache sees it within a tenth of a second.)
  sql(srv.db, `UPDATE articles SET status = 'unpublished' WHERE id = ${x.id}; UPDATE generation SET value = value + 1`);
  await new Promise((r) => setTimeout(r, 150));
  const after = (await get(srv.url, '/', BOT)).text;
  assert.equal(unescape(leadTitle(after)), newest.title);
  assert.deepEqual(cardTitles(section(after, 'أهم الأخبار')).map(unescape), [y.title, z.title]);
  sql(srv.db, `UPDATE articles SET status = 'published' WHERE id = ${x.id}; UPDATE generation SET value = value + 1`);

  // Every slot emptied: the page as before, the newest first and no top stories block.
  await editor.post('/admin/front', {});
  const plain = (await get(srv.url, '/', BOT)).text;
  assert.equal(unescape(leadTitle(plain)), newest.title);
  assert.equal(section(plain, 'أهم الأخبار'), '');
  assert.equal(JSON.parse((await get(srv.url, '/api/v1/front')).text).lead, null);
});

test('breaking news shows a bar (عاجل) on every page and in the API until it is stopped or expires', async () => {
  const [a] = live().slice(3, 4);
  const res = await editor.post('/admin/front/breaking', { do: 'start', article: String(a.id), hours: '1' });
  assert.equal(res.status, 303);
  const [cat] = rows(srv.db, 'SELECT slug FROM categories LIMIT 1');
  const pages = ['/', `/a/${a.id}`, `/c/${cat.slug}`, '/search?q=' + encodeURIComponent('المياه'), '/no-such-page'];
  for (const path of pages) {
    const page = await get(srv.url, path, { ...BOT, redirect: 'follow' });
    const bar = /<section class="breaking-bar"[\s\S]*?<\/section>/.exec(page.text)?.[0];
    assert.ok(bar, `the bar on ${path}`);
    assert.ok(bar.includes('>عاجل</h2>'));
    assert.ok(unescape(bar).includes(a.title), path);
    assert.match(bar, new RegExp(`href="/a/${a.id}/`));
  }
  assert.doesNotMatch((await editor.get('/admin/')).text, /class="breaking-bar"/, 'not in the newsroom');
  const api = JSON.parse((await get(srv.url, '/api/v1/front')).text);
  assert.deepEqual(api.breaking.map((b) => b.id), [a.id]);
  assert.match(api.breaking[0].until, /^\d{4}-\d\d-\d\dT/);
  assert.ok(JSON.parse((await get(srv.url, `/api/v1/articles/${a.id}`)).text).article.breaking);

  await editor.post('/admin/front/breaking', { do: 'stop', article: String(a.id) });
  assert.doesNotMatch((await get(srv.url, '/', BOT)).text, /class="breaking-bar"/, 'stopped: gone at once');
  assert.deepEqual(JSON.parse((await get(srv.url, '/api/v1/front')).text).breaking, []);

  // An expiry passes: the bar leaves by itself.
  await editor.post('/admin/front/breaking', { do: 'start', article: String(a.id), hours: '1' });
  // Its end brought close, as a write would (the generation moved on, so the server's snapshot
  // of the blocks takes the new end within its tick), then passed: the bar leaves by itself.
  sql(srv.db, `UPDATE articles SET breaking_until = ${now() + 2} WHERE id = ${a.id}; UPDATE generation SET value = value + 1`);
  let gone = false;
  for (let i = 0; i < 40 && !gone; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    gone = !/class="breaking-bar"/.test((await get(srv.url, '/', BOT)).text);
  }
  assert.ok(gone, 'the bar left once its time passed');
  assert.deepEqual(JSON.parse((await get(srv.url, '/api/v1/front')).text).breaking, []);

  // Only a live article can be breaking news; only editors set it.
  const [draft] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' LIMIT 1");
  sql(srv.db, `UPDATE articles SET status = 'draft' WHERE id = ${draft.id}`);
  assert.equal((await editor.post('/admin/front/breaking', { do: 'start', article: String(draft.id), hours: '1' })).status, 422);
  sql(srv.db, `UPDATE articles SET status = 'published' WHERE id = ${draft.id}`);
  const writer = new Session(srv.url);
  await writer.login('wael', 'wael-password-1');
  assert.equal((await writer.post('/admin/front/breaking', { do: 'start', article: String(a.id), hours: '1' })).status, 403);
  assert.equal((await writer.get('/admin/front')).status, 403);
});

test('article pages show the time of day, «آخر تحديث» with its time, and dateModified', async () => {
  const [a] = live().slice(2, 3);
  const page = (await get(srv.url, `/a/${a.id}/${encodeURIComponent(a.slug)}`, BOT)).text;
  const byline = /<p class="byline">[\s\S]*?<\/p>/.exec(page)[0];
  assert.match(byline, /<time datetime="[^"]+">[^<]+، [٠-٩]{2}:[٠-٩]{2}<\/time>/, 'date with the time of day');
  assert.doesNotMatch(byline, /آخر تحديث/, 'not updated since publication');
  const [row] = rows(srv.db, `SELECT published_at FROM articles WHERE id = ${a.id}`);
  sql(srv.db, `UPDATE articles SET updated_at = ${row.published_at + 7200} WHERE id = ${a.id}; UPDATE generation SET value = value + 1`);
  await new Promise((r) => setTimeout(r, 150));
  const updated = (await get(srv.url, `/a/${a.id}/${encodeURIComponent(a.slug)}`, BOT)).text;
  const m = /آخر تحديث: <time datetime="([^"]+)">([^<]+)<\/time>/.exec(updated);
  assert.ok(m, '«آخر تحديث» with its time');
  assert.match(m[2], /، [٠-٩]{2}:[٠-٩]{2}$/);
  const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(updated)[1]);
  assert.equal(ld.dateModified, m[1]);
  assert.notEqual(ld.dateModified, ld.datePublished);
});

test('corrections are appended with their time, on the page, in JSON-LD and the API', async () => {
  const [a] = live().slice(4, 5);
  const before = generation();
  const res = await editor.post(`/admin/articles/${a.id}/corrections`, { correction: 'ورد في نسخة سابقة أن الاجتماع الثلاثاء، والصحيح الأربعاء.' });
  assert.equal(res.status, 303);
  assert.ok(generation() > before);
  const page = (await get(srv.url, `/a/${a.id}/${encodeURIComponent(a.slug)}`, BOT)).text;
  const box = /<aside class="corrections"[\s\S]*?<\/aside>/.exec(page)[0];
  assert.ok(box.includes('تصحيحات'));
  assert.ok(box.includes('ورد في نسخة سابقة أن الاجتماع الثلاثاء، والصحيح الأربعاء.'));
  assert.match(box, /<time datetime="[^"]+">[^<]+، [٠-٩]{2}:[٠-٩]{2}<\/time>/);
  assert.match(page, /آخر تحديث/, 'a correction is an update');
  const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page)[1]);
  assert.equal(ld.correction[0]['@type'], 'CorrectionComment');
  assert.equal(ld.correction[0].text, 'ورد في نسخة سابقة أن الاجتماع الثلاثاء، والصحيح الأربعاء.');
  const api = JSON.parse((await get(srv.url, `/api/v1/articles/${a.id}`)).text).article;
  assert.equal(api.corrections.length, 1);
  assert.match(api.corrections[0].datetime, /^\d{4}-/);
  // The editor lists it; an empty one is refused; writers cannot add them.
  assert.ok((await editor.get(`/admin/articles/${a.id}/edit`)).text.includes('ورد في نسخة سابقة'));
  assert.equal((await editor.post(`/admin/articles/${a.id}/corrections`, { correction: '  ' })).status, 422);
  const writer = new Session(srv.url);
  await writer.login('wael', 'wael-password-1');
  assert.equal((await writer.post(`/admin/articles/${a.id}/corrections`, { correction: 'تصحيح' })).status, 403);
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM corrections WHERE article_id = ${a.id}`)[0].n, 1);
});
