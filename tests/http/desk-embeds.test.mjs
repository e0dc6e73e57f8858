// Embeds, private by default: a platform's address alone on a line of an article is a
// placeholder on its page (no frame, no script or image of the platform), and the page's
// Content-Security-Policy allows that platform's frame origin, and the site's own script, on
// that page only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql } from '../lib/server.mjs';
import { Session, addUser } from '../lib/admin.mjs';

let srv, id;
const BOT = { redirect: 'follow', headers: { 'User-Agent': 'desk-tests-bot' } };
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'faris', 'editor', 'faris-password-1', 'فارس عيسى');
  const s = new Session(srv.url);
  await s.login('faris', 'faris-password-1');
  const res = await s.post('/admin/articles/new', { title: 'المؤتمر الصحفي كاملًا', dek: '', slug: '', category: '', topics: '', source: '',
    published_at: '', status: 'published', do: 'save',
    body: 'شاهد المؤتمر:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nوعلّق الوزير:\n\nhttps://x.com/jack/status/20\n\nوالتفاصيل في https://vimeo.com/76979871 أيضًا.' });
  assert.equal(res.status, 303);
  id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(res.headers.location)[1]);
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('an address alone on a line becomes a placeholder with the platform\'s name and the link', async () => {
  const page = (await get(srv.url, `/a/${id}`, BOT)).text;
  const figures = [...page.matchAll(/<figure class="embed embed-([a-z]+)"[\s\S]*?<\/figure>/g)];
  assert.deepEqual(figures.map((f) => f[1]), ['youtube', 'x']);
  assert.ok(figures[0][0].includes('يوتيوب'));
  assert.ok(figures[0][0].includes('<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"'));
  assert.ok(figures[1][0].includes('إكس (تويتر)'));
  // Nothing on the page loads from a platform by itself: no frame, no script, no image, no
  // stylesheet of theirs; their addresses appear only in links and data attributes.
  assert.doesNotMatch(page, /<iframe/);
  for (const m of page.matchAll(/<(script|img|link|iframe)\b[^>]*\b(?:src|href)="([^"]+)"/g)) {
    assert.ok(!/youtube|twitter|x\.com|vimeo/.test(m[2]), `${m[1]} ${m[2]}`);
  }
  // The address inside a sentence stays a link.
  assert.match(page, /<a href="https:\/\/vimeo\.com\/76979871">/);
  const api = JSON.parse((await get(srv.url, `/api/v1/articles/${id}`)).text).article;
  assert.deepEqual(api.embeds, ['youtube', 'x']);
});

test('the CSP allows the embedded platforms\' frames and the site\'s script on that page only', async () => {
  const page = await get(srv.url, `/a/${id}`, BOT);
  const csp = page.headers.get('content-security-policy');
  const frames = /frame-src ([^;]+);/.exec(csp)[1].split(' ');
  assert.deepEqual(frames, ['https://www.youtube-nocookie.com', 'https://platform.twitter.com']);
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(page.text, /<script src="\/static\/site\.[0-9a-f]+\.js" defer><\/script>/);
  // Another article: no frames, and no script but the comment form's (comment.js fetches its
  // token), and none at all once its comments are closed.
  const [other] = rows(srv.db, `SELECT id FROM articles WHERE status = 'published' AND id <> ${id} LIMIT 1`);
  const plain = await get(srv.url, `/a/${other.id}`, BOT);
  assert.doesNotMatch(plain.headers.get('content-security-policy'), /frame-src/);
  assert.deepEqual([...plain.text.matchAll(/<script src="\/static\/([a-z]+)\./g)].map((m) => m[1]), ['comment']);
  sql(srv.db, `UPDATE articles SET comments_open = 0 WHERE id = ${other.id}; UPDATE generation SET value = value + 1`);
  await new Promise((r) => setTimeout(r, 150));
  const closed = await get(srv.url, `/a/${other.id}`, BOT);
  assert.doesNotMatch(closed.headers.get('content-security-policy'), /frame-src|script-src/);
  assert.doesNotMatch(closed.text, /<script src=/);
  // Feeds keep the plain link.
  const rss = (await get(srv.url, '/feed', BOT)).text;
  assert.ok(rss.includes('&lt;a href=&quot;https://www.youtube.com/watch?v=dQw4w9WgXcQ&quot;&gt;'));
  assert.doesNotMatch(rss, /embed-youtube/);
});
