// Comments: posting, every spam defence, moderation, rendering, the API, and concurrency.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { post, form } from '../lib/post.mjs';

let srv, article, oldArticle;
const tokens = {}; // article id -> tokens old enough to post with

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const toLatin = (s) => Number([...s].map((d) => '٠١٢٣٤٥٦٧٨٩'.indexOf(d)).join(''));
const commentCount = (html) => toLatin(/التعليقات \(([٠-٩]+)\)/.exec(html)[1]);
let nextAddress = 10;
const address = () => `127.0.2.${nextAddress++}`; // a new reader for each test

async function freshToken(id) {
  const res = await get(srv.url, `/api/v1/articles/${id}/comments`);
  return JSON.parse(res.text).form_token;
}

before(async () => {
  srv = await startServer({
    setup: (db) => sql(db, `INSERT INTO settings(key, value) VALUES ('comments_blocked_words', 'غبي'),
      ('comments_close_days', '10'), ('comments_blocked_addresses', '127.0.9.9')`),
  });
  [article] = rows(srv.db, "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
  [oldArticle] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at LIMIT 1");
  tokens[article.id] = [];
  for (let i = 0; i < 150; i++) tokens[article.id].push(await freshToken(article.id));
  await new Promise((r) => setTimeout(r, 3100)); // tokens are accepted 3 seconds after they are given
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const articlePath = () => `/a/${article.id}/${encodeURIComponent(article.slug)}`;
const send = (fields, from = address()) =>
  post(`${srv.url}/a/${article.id}/comments`, form({ token: tokens[article.id].pop(), ...fields }), { from });

test('a valid comment without links is shown at once and the count grows', async () => {
  const before = commentCount((await get(srv.url, articlePath())).text);
  const res = await send({ name: 'سلمى', text: 'مقال مفيد، شكرًا للكاتب.' });
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /\?comment=posted#comment-\d+$/);
  const page = await get(srv.url, res.headers.location.replace(/#.*/, ''));
  assert.equal(commentCount(page.text), before + 1);
  assert.ok(page.text.includes('مقال مفيد، شكرًا للكاتب.'));
  assert.ok(page.text.includes('نُشر تعليقك'));
});

test('a comment with a link is held, then approved by a moderator, and the count moves from N to N+1', async () => {
  const before = commentCount((await get(srv.url, articlePath())).text);
  const text = 'التفاصيل هنا https://example.com/report?a=1&b=2 لمن يريد.';
  const res = await send({ name: 'كريم', email: 'karim@example.com', text });
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /\?comment=held#comment-form$/);
  const held = await get(srv.url, res.headers.location.replace(/#.*/, ''));
  assert.ok(held.text.includes('تعليقك بانتظار المراجعة'));
  assert.equal(commentCount(held.text), before, 'held comments are not counted');
  assert.ok(!held.text.includes('لمن يريد'), 'nor shown');
  assert.ok(!held.text.includes('karim@example.com'), 'an e-mail is never shown');

  const pending = JSON.parse(sahifa(['comments', 'list', '--db', srv.db, '--status', 'pending', '--json']).stdout);
  const mine = pending.find((c) => c.body === text);
  assert.ok(mine, 'listed as pending');
  const approve = sahifa(['comments', 'approve', '--db', srv.db, String(mine.id)]);
  assert.equal(approve.status, 0);
  const shown = await get(srv.url, articlePath());
  assert.equal(commentCount(shown.text), before + 1);
  assert.ok(shown.text.includes('<a href="https://example.com/report?a=1&amp;b=2" rel="nofollow ugc noopener">'));
});

test('the honeypot refuses the post', async () => {
  const res = await send({ name: 'بوت', text: 'إعلان رائع', website: 'http://spam.example' });
  assert.equal(res.status, 400);
  assert.ok(res.text.includes('تعذّر قبول التعليق'));
  assert.equal(rows(srv.db, "SELECT count(*) AS n FROM comments WHERE body = 'إعلان رائع'")[0].n, 0);
});

test('a post faster than 3 seconds after the form was given is refused, the text kept', async () => {
  const token = await freshToken(article.id);
  const res = await post(`${srv.url}/a/${article.id}/comments`, form({ token, name: 'سريع', text: 'كتبته بسرعة البرق' }), { from: address() });
  assert.equal(res.status, 400);
  assert.ok(res.text.includes('بسرعة كبيرة'));
  assert.ok(res.text.includes('>كتبته بسرعة البرق</textarea>'), "the reader's text stays in the form");
});

test('a forged or expired form token is refused', async () => {
  const [t, nonce] = tokens[article.id].pop().split('.');
  const forged = `${t}.${nonce}.${'0'.repeat(64)}`;
  const res = await post(`${srv.url}/a/${article.id}/comments`, form({ token: forged, name: 'مزور', text: 'نص مزور هنا' }), { from: address() });
  assert.equal(res.status, 400);
  const old = `${Math.floor(Date.now() / 1000) - 2 * 86400}.${nonce}.${'0'.repeat(64)}`;
  assert.equal((await post(`${srv.url}/a/${article.id}/comments`, form({ token: old, name: 'قديم', text: 'نص قديم هنا' }), { from: address() })).status, 400);
  const other = tokens[article.id].pop(); // a token for another article
  assert.equal((await post(`${srv.url}/a/${oldArticle.id}/comments`, form({ token: other, name: 'آخر', text: 'مقال آخر' }), { from: address() })).status, 403, 'old article: closed first');
});

test('a form posted twice is refused the second time', async () => {
  const token = tokens[article.id].pop();
  const from = address();
  const first = await post(`${srv.url}/a/${article.id}/comments`, form({ token, name: 'مكرر', text: 'المرة الأولى' }), { from });
  assert.equal(first.status, 303);
  const again = await post(`${srv.url}/a/${article.id}/comments`, form({ token, name: 'مكرر', text: 'المرة الثانية' }), { from });
  assert.equal(again.status, 409);
  assert.ok(again.text.includes('أُرسل هذا النموذج من قبل'));
});

test('five comments a minute from one address, the sixth gets 429 with a message', async () => {
  const from = address();
  for (let i = 1; i <= 5; i++) assert.equal((await send({ name: 'نشيط', text: `تعليق رقم ${i} من القارئ النشيط` }, from)).status, 303);
  const sixth = await send({ name: 'نشيط', text: 'تعليق رقم ٦ من القارئ النشيط' }, from);
  assert.equal(sixth.status, 429);
  assert.equal(sixth.headers['retry-after'], '60');
  assert.ok(sixth.text.includes('أرسلت تعليقات كثيرة'));
  assert.equal((await send({ name: 'آخر', text: 'قارئ آخر لا يتأثر بالحد' })).status, 303, 'another address is not limited');
});

test('the same text on the same article within 24 hours is refused', async () => {
  assert.equal((await send({ name: 'أ', text: 'نص يتكرر مرتين على المقال' })).status, 303);
  const dup = await send({ name: 'ب', text: 'نَصٌّ يتكرر   مرتين على المقال' });
  assert.equal(dup.status, 409, 'harakat and spacing do not make it new');
  assert.ok(dup.text.includes('أرسلت هذا التعليق'));
});

test('more than three links: refused with a message and the text kept', async () => {
  const text = 'روابط http://a.com http://b.com http://c.com http://d.com';
  const res = await send({ name: 'روابط', text });
  assert.equal(res.status, 422);
  assert.ok(res.text.includes('لا يُسمح بأكثر من ثلاثة روابط'));
  assert.ok(res.text.includes(`>${text}</textarea>`));
});

test('a blocked word is refused even written with harakat or tatweel', async () => {
  for (const text of ['أنت غبي جدا', 'أنت غَبِيٌّ جدا', 'أنت غـــبي جدا']) {
    const res = await send({ name: 'غاضب', text });
    assert.equal(res.status, 422, text);
    assert.ok(res.text.includes('كلمات غير مسموح بها'));
  }
  assert.equal((await send({ name: 'هادئ', text: 'الغباء الاصطناعي مصطلح طريف' })).status, 303, 'only the whole word');
  assert.equal((await send({ name: 'محظور', text: 'أي شيء' }, '127.0.9.9')).status, 403, 'a blocked address');
});

test('invalid fields get a clear Arabic message', async () => {
  const cases = [
    [{ name: '', text: 'نص كاف هنا' }, 'اسم'],
    [{ name: 'ع', text: 'ن' }, 'قصير'],
    [{ name: 'ع'.repeat(81), text: 'نص كاف' }, '٨٠'],
    [{ name: 'ع', text: 'ن'.repeat(5001) }, '٥٠٠٠'],
    [{ name: 'ع\u0007', text: 'نص كاف' }, 'محارف تحكم'],
    [{ name: 'ع', email: 'not-an-email', text: 'نص كاف' }, 'البريد'],
  ];
  for (const [fields, words] of cases) {
    const res = await send(fields);
    assert.equal(res.status, 422, JSON.stringify(fields).slice(0, 60));
    assert.ok(res.text.includes(words), words);
  }
  const bad = await post(`${srv.url}/a/${article.id}/comments`, 'token=x&text=%FF%FE', { from: address() });
  assert.equal(bad.status, 400);
  assert.equal((await post(`${srv.url}/a/999999/comments`, form({ name: 'x', text: 'yy' }))).status, 404);
});

test('XSS payloads in the name and text come back escaped', async () => {
  const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>", '<a href="javascript:alert(1)">x</a>', '{{{body_html}}} {{#x}}'];
  for (const [i, p] of payloads.entries()) {
    const res = await send({ name: `${p}`.slice(0, 80), text: `تعليق ${i}: ${p}` });
    assert.equal(res.status, 303, p);
  }
  const page = (await get(srv.url, articlePath())).text;
  for (const p of payloads) {
    assert.ok(!page.includes(p.slice(0, 80)) || !/[<>"']/.test(p), `raw payload present: ${p}`);
    assert.ok(page.includes(escapeHtml(p)), `escaped payload shown: ${p}`);
  }
  // The scripts are the article's JSON-LD (a data block, with no "<" in it) and the site's own
  // comment form script; the only images, its photos' <picture>s.
  const markup = page.replace(/<script type="application\/ld\+json">[^<]*<\/script>/, '')
    .replace(/<script src="\/static\/comment\.[0-9a-f]{8}\.js" defer><\/script>/, '')
    .replace(/<picture>[^]*?<\/picture>/g, '');
  assert.ok(!/<(script|img|svg|iframe)\b/i.test(markup));
});

test('replies go one level deep', async () => {
  const top = await send({ name: 'سائل', text: 'سؤال للكاتب: متى يبدأ المشروع؟' });
  const parent = /#comment-(\d+)$/.exec(top.headers.location)[1];
  const reply = await send({ name: 'مجيب', text: 'في الربيع المقبل كما ورد', parent });
  assert.equal(reply.status, 303);
  const replyId = /#comment-(\d+)$/.exec(reply.headers.location)[1];
  const page = (await get(srv.url, articlePath())).text;
  // The reply sits inside its parent's item, before the next top-level comment.
  const start = page.indexOf(`<li class="comment" id="comment-${parent}">`);
  const next = page.indexOf('<li class="comment" id="comment-', start + 1);
  const at = page.indexOf(`<li class="comment reply" id="comment-${replyId}">`);
  assert.ok(start >= 0 && at > start && (next < 0 || at < next), 'nested under its parent');
  const deeper = await send({ name: 'ثالث', text: 'رد على الرد', parent: replyId });
  assert.equal(deeper.status, 422);
  assert.ok(deeper.text.includes('لا يمكن الرد'));
});

test('comments close per article and by age', async () => {
  const old = await get(srv.url, `/a/${oldArticle.id}`, { redirect: 'follow' });
  assert.ok(old.text.includes('التعليقات مغلقة على هذا المقال'), 'older than comments_close_days');
  assert.ok(!old.text.includes('name="token"'));
  sql(srv.db, `UPDATE articles SET comments_open = 0 WHERE id = ${article.id}`);
  const closed = await send({ name: 'متأخر', text: 'هل ما زال التعليق ممكنًا؟' });
  assert.equal(closed.status, 403);
  assert.ok(closed.text.includes('التعليقات مغلقة'));
  sql(srv.db, `UPDATE articles SET comments_open = 1 WHERE id = ${article.id}`);
});

test('100 concurrent posts from 100 addresses are each stored exactly once', async () => {
  const before = Number(sql(srv.db, `SELECT count(*) FROM comments WHERE article_id = ${article.id}`));
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
    post(`${srv.url}/a/${article.id}/comments`, form({ token: tokens[article.id].pop(), name: `قارئ ${i}`, text: `تعليق متزامن رقم ${i}` }), { from: `127.0.1.${i + 1}` })));
  assert.deepEqual(results.map((r) => r.status), Array(100).fill(303));
  assert.equal(Number(sql(srv.db, `SELECT count(*) FROM comments WHERE article_id = ${article.id}`)), before + 100);
  const texts = rows(srv.db, `SELECT body, count(*) AS n FROM comments WHERE body LIKE 'تعليق متزامن رقم %' GROUP BY body`);
  assert.equal(texts.length, 100);
  assert.ok(texts.every((t) => t.n === 1));
});

test('the API lists comments with pagination and posts with the same rules, errors as JSON', async () => {
  const list = JSON.parse((await get(srv.url, `/api/v1/articles/${article.id}/comments?per_page=5`)).text);
  assert.equal(list.comments.length, 5);
  assert.ok(list.total > 5 && list.links.next && !list.links.prev);
  assert.match(list.form_token, /^\d+\.[0-9a-f]{32}\.[0-9a-f]{64}$/);
  assert.ok(list.links.next.startsWith(`${srv.url}/api/v1/articles/${article.id}/comments?`), 'links are absolute');
  const page2 = JSON.parse((await get('', list.links.next)).text);
  assert.notEqual(page2.comments[0].id, list.comments[0].id);
  const api = (body, type = 'application/json', from = address()) =>
    post(`${srv.url}/api/v1/articles/${article.id}/comments`, typeof body === 'string' ? body : JSON.stringify(body), { from, type });
  const ok = await api({ name: 'تطبيق', text: 'تعليق من التطبيق', token: tokens[article.id].pop() });
  assert.equal(ok.status, 201);
  assert.equal(JSON.parse(ok.text).comment.status, 'approved');
  const errors = [
    [await api({ name: 'x', text: 'yy' }), 400, 'bad_form'],
    [await api('{not json'), 400, 'invalid_json'],
    [await api('name=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
    [await api({ name: 'x', text: 'y', token: tokens[article.id].pop() }), 422, 'invalid'],
    [await api({ name: 'x', text: 'yy', token: list.form_token }), 400, 'too_fast'],
  ];
  for (const [res, status, code] of errors) {
    assert.equal(res.status, status, code);
    assert.match(res.headers['content-type'], /^application\/json/);
    const e = JSON.parse(res.text).error;
    assert.equal(e.code, code);
    assert.ok(e.message.length > 0);
  }
  const missing = await get(srv.url, '/api/v1/articles/999999/comments');
  assert.equal(missing.status, 404);
  assert.equal(JSON.parse(missing.text).error.code, 'not_found');
  assert.equal((await get(srv.url, `/api/v1/articles/${article.id}/comments?per_page=500`)).status, 400);
});

test('moderation on the command line: reject, spam, delete, unknown ids', () => {
  const [c] = rows(srv.db, `SELECT id FROM comments WHERE status = 'approved' AND article_id = ${article.id} LIMIT 1`);
  assert.equal(sahifa(['comments', 'reject', '--db', srv.db, String(c.id)]).status, 0);
  assert.equal(rows(srv.db, `SELECT status FROM comments WHERE id = ${c.id}`)[0].status, 'deleted');
  assert.equal(sahifa(['comments', 'spam', '--db', srv.db, String(c.id)]).status, 0);
  assert.equal(rows(srv.db, `SELECT status FROM comments WHERE id = ${c.id}`)[0].status, 'spam');
  assert.equal(sahifa(['comments', 'delete', '--db', srv.db, String(c.id)]).status, 0);
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM comments WHERE id = ${c.id}`)[0].n, 0);
  const missing = sahifa(['comments', 'approve', '--db', srv.db, '99999999']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no comment 99999999/);
  assert.equal(sahifa(['comments', 'frobnicate', '--db', srv.db]).status, 2);
  assert.match(sahifa(['comments', 'list', '--db', srv.db, '--status', 'spam']).stdout, /no comments|spam/);
});

test('the article page carries no token: every reader gets the same bytes; the form asks for one', async () => {
  // Two renders for two readers (the session cookie keeps them out of the page cache).
  const one = await get(srv.url, articlePath(), { headers: { Cookie: 'sahifa_session=a' } });
  const two = await get(srv.url, articlePath(), { headers: { Cookie: 'sahifa_session=b' } });
  assert.equal(one.text, two.text, 'nothing per reader in the page');
  assert.ok(one.text.includes(`data-token-url="/a/${article.id}/comments/token"`));
  assert.match(one.text, /<input type="hidden" name="token" value="">/);
  assert.match(one.text, /<script src="\/static\/comment\.[0-9a-f]{8}\.js" defer><\/script>/);

  const res = await get(srv.url, `/a/${article.id}/comments/token`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'private, no-store', 'one reader\'s, never cached');
  const { token } = JSON.parse(res.text);
  assert.match(token, /^\d+\.[0-9a-f]{32}\.[0-9a-f]{64}$/);
  assert.notEqual(JSON.parse((await get(srv.url, `/a/${article.id}/comments/token`)).text).token, token, 'a new one each time');
  assert.equal((await get(srv.url, `/a/${oldArticle.id}/comments/token`)).status, 403, 'comments closed');
  const none = await get(srv.url, '/a/999999/comments/token');
  assert.equal(none.status, 404);
  assert.equal(JSON.parse(none.text).error.code, 'not_found');
  // Such a token is a form token like any other: good from 3 seconds on, once.
  await new Promise((r) => setTimeout(r, 3100));
  const from = address();
  const ok = await post(`${srv.url}/a/${article.id}/comments`, form({ token, name: 'قارئ بالسكربت', text: 'تعليق برمز من الواجهة' }), { from });
  assert.equal(ok.status, 303);
  const again = await post(`${srv.url}/a/${article.id}/comments`, form({ token, name: 'قارئ بالسكربت', text: 'تعليق آخر بالرمز نفسه' }), { from });
  assert.equal(again.status, 409, 'single use');
});

test('without the script: a post with no token is shown back with its text to confirm, and the confirmation posts it', async () => {
  const from = address();
  const fields = { name: 'قارئة بلا سكربت', email: 'reader@example.com', text: 'تعليق من متصفح لا يشغّل السكربتات' };
  const first = await post(`${srv.url}/a/${article.id}/comments`, form(fields), { from });
  assert.equal(first.status, 200);
  assert.equal(first.headers['cache-control'], 'private, no-store', 'it carries a token of its own');
  assert.ok(first.text.includes('راجع تعليقك ثم اضغط «أكّد الإرسال»'));
  assert.ok(first.text.includes('>أكّد الإرسال</button>'));
  assert.ok(first.text.includes(`value="${fields.name}"`) && first.text.includes(`value="${fields.email}"`));
  assert.ok(first.text.includes(`>${fields.text}</textarea>`), 'the text is kept');
  const token = /name="token" value="([^"]+)"/.exec(first.text)[1];
  assert.match(token, /^\d+\.[0-9a-f]{32}\.[0-9a-f]{64}$/);
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM comments WHERE body = '${fields.text}'`)[0].n, 0, 'nothing stored yet');

  // Confirmed too soon: refused as any form is, with the same token kept for the next try.
  const soon = await post(`${srv.url}/a/${article.id}/comments`, form({ ...fields, token }), { from });
  assert.equal(soon.status, 400);
  assert.ok(soon.text.includes('أُرسل التعليق بسرعة كبيرة'));
  assert.equal(/name="token" value="([^"]+)"/.exec(soon.text)[1], token);
  await new Promise((r) => setTimeout(r, 3100));
  const confirmed = await post(`${srv.url}/a/${article.id}/comments`, form({ ...fields, token }), { from });
  assert.equal(confirmed.status, 303);
  assert.match(confirmed.headers.location, /\?comment=posted#comment-\d+$/);
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM comments WHERE body = '${fields.text}'`)[0].n, 1);
  // The honeypot still catches a bot that sends no token.
  const bot = await post(`${srv.url}/a/${article.id}/comments`, form({ ...fields, website: 'http://spam.example' }), { from: address() });
  assert.equal(bot.status, 400);
});
