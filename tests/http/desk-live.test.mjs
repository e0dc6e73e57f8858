// Live coverage: an article made a live page gets timestamped updates from the newsroom, newest
// first, each with its anchor; a JSON endpoint gives the new ones; the page reloads itself
// without its script; its JSON-LD is a LiveBlogPosting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows } from '../lib/server.mjs';
import { Session, addUser } from '../lib/admin.mjs';

let srv, editor, id;
const BOT = { redirect: 'follow', headers: { 'User-Agent': 'desk-tests-bot' } };
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'jad', 'editor', 'jad-password-1', 'جاد حلبي');
  addUser(srv.db, 'nada', 'writer', 'nada-password-1', 'ندى شمس');
  editor = new Session(srv.url);
  await editor.login('jad', 'jad-password-1');
  [{ id }] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1 OFFSET 2");
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const ld = (html) => JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)[1]);

test('an article becomes live; updates come newest first, each with its time and anchor', async () => {
  assert.equal((await get(srv.url, `/api/v1/articles/${id}/updates`)).status, 404, 'not live yet');
  assert.equal((await editor.post(`/admin/articles/${id}/updates`, { update: 'قبل البدء' })).status, 409);
  assert.equal((await editor.post(`/admin/articles/${id}/live`, { do: 'start' })).status, 303);
  const generation = rows(srv.db, 'SELECT value FROM generation')[0].value;
  for (const text of ['بدأت الجلسة في العاشرة.', 'الوزير يتحدث الآن عن **الموازنة**.', 'رُفعت الجلسة.']) {
    assert.equal((await editor.post(`/admin/articles/${id}/updates`, { update: text })).status, 303);
  }
  assert.ok(rows(srv.db, 'SELECT value FROM generation')[0].value > generation);
  const page = (await get(srv.url, `/a/${id}`, BOT)).text;
  const section = /<section class="live"[\s\S]*?<\/section>/.exec(page)[0];
  assert.match(section, /data-live-on="1"/);
  assert.match(section, new RegExp(`data-live-feed="/api/v1/articles/${id}/updates"`));
  assert.match(section, /<span class="live-badge">مباشر<\/span>/);
  const items = [...section.matchAll(/<li class="live-update" id="(update-\d+)">\s*<p class="live-time"><a href="#(update-\d+)"><time datetime="([^"]+)">([^<]+)<\/time><\/a><\/p>\s*<div class="live-body">\s*([\s\S]*?)\s*<\/div>/g)];
  assert.deepEqual(items.map((m) => m[5]), ['<p>رُفعت الجلسة.</p>', '<p>الوزير يتحدث الآن عن <strong>الموازنة</strong>.</p>', '<p>بدأت الجلسة في العاشرة.</p>'], 'newest first');
  for (const m of items) {
    assert.equal(m[1], m[2], 'each links to its own anchor');
    assert.match(m[4], /، [٠-٩]{2}:[٠-٩]{2}$/);
  }
  // Without the script, the page reloads itself; the script is allowed and loaded.
  assert.match(page, /<noscript><meta http-equiv="refresh" content="60"><\/noscript>/);
  assert.match(page, /<script src="\/static\/site\.[0-9a-f]+\.js" defer><\/script>/);
  const csp = (await get(srv.url, `/a/${id}`, BOT)).headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'; connect-src 'self';/);
  assert.doesNotMatch(csp, /frame-src/);
  // LiveBlogPosting, its updates as BlogPostings at their anchors.
  const data = ld(page);
  assert.equal(data['@type'], 'LiveBlogPosting');
  assert.ok(data.coverageStartTime);
  assert.equal(data.liveBlogUpdate.length, 3);
  assert.equal(data.liveBlogUpdate[0]['@type'], 'BlogPosting');
  assert.equal(data.liveBlogUpdate[0].articleBody.trim(), 'رُفعت الجلسة.');
  assert.match(data.liveBlogUpdate[0].url, new RegExp(`/a/${id}/[^#]+#${items[0][1]}$`));
});

test('the JSON endpoint gives the updates after a given one, and says when coverage ends', async () => {
  const all = JSON.parse((await get(srv.url, `/api/v1/articles/${id}/updates`)).text);
  assert.equal(all.live, true);
  assert.equal(all.updates.length, 3);
  const oldest = all.updates[2].id;
  const newer = JSON.parse((await get(srv.url, `/api/v1/articles/${id}/updates?after=${oldest}`)).text);
  assert.deepEqual(newer.updates.map((u) => u.id), [all.updates[0].id, all.updates[1].id]);
  assert.ok(newer.updates[0].body_html.includes('رُفعت الجلسة.'));
  assert.equal(newer.updates[0].body, undefined, 'the Markdown stays on the server');
  assert.equal((await get(srv.url, `/api/v1/articles/${id}/updates?after=x`)).status, 400);
  // A deleted update leaves; a writer may not add one.
  const writer = new Session(srv.url);
  await writer.login('nada', 'nada-password-1');
  assert.equal((await writer.post(`/admin/articles/${id}/updates`, { update: 'من كاتب' })).status, 403);
  assert.equal((await editor.post(`/admin/articles/${id}/updates/${oldest}/delete`)).status, 303);
  assert.equal(JSON.parse((await get(srv.url, `/api/v1/articles/${id}/updates`)).text).updates.length, 2);
  // Coverage ends: the updates stay, the page stops reloading, the feed says so.
  assert.equal((await editor.post(`/admin/articles/${id}/live`, { do: 'stop' })).status, 303);
  const ended = JSON.parse((await get(srv.url, `/api/v1/articles/${id}/updates`)).text);
  assert.equal(ended.live, false);
  const page = (await get(srv.url, `/a/${id}`, BOT)).text;
  assert.ok(page.includes('التغطية المباشرة (انتهت)'));
  assert.doesNotMatch(page, /http-equiv="refresh"/);
  assert.ok(ld(page).coverageEndTime);
});
