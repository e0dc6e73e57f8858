// The page cache, compression and the headers caches use, against the real binary: what a hit
// sends is what a render makes; every write readers see shows at the next request (within a
// tenth of a second when another process made it); logged-in readers and POSTs never meet the cache; views still count; the
// cache stays within its budget under a flood of distinct query strings. Which requests were
// hits is read from /metrics, never from timings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { request, post, form } from '../lib/post.mjs';
import { addUser, Session } from '../lib/admin.mjs';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36';
let srv, editor, token;

before(async () => {
  srv = await startServer();
  addUser(srv.db, 'ed', 'editor');
  const t = sahifa(['token', 'create', '--user', 'ed', '--scope', 'articles:write', '--db', srv.db]);
  assert.equal(t.status, 0, t.stderr);
  token = t.stdout.trim();
  editor = new Session(srv.url);
  assert.equal((await editor.login('ed', 'a-long-password-1')).status, 303);
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

// The page cache's counters and sizes, and the view counts, from /metrics.
async function metrics(server = srv) {
  const text = (await get(server.url, '/metrics')).text;
  const n = (re) => Number(new RegExp(`^${re} (\\d+)$`, 'm').exec(text)[1]);
  return {
    hit: n('sahifa_cache_lookups_total\\{result="hit"\\}'),
    miss: n('sahifa_cache_lookups_total\\{result="miss"\\}'),
    stale: n('sahifa_cache_lookups_total\\{result="stale"\\}'),
    bypassed: n('sahifa_cache_bypassed_total'),
    stored: n('sahifa_cache_stored_total'),
    evicted: n('sahifa_cache_evicted_total'),
    entries: n('sahifa_cache_entries'),
    bytes: n('sahifa_cache_bytes'),
    budget: n('sahifa_cache_budget_bytes'),
    counted: n('sahifa_views_total\\{outcome="counted"\\}'),
  };
}

// A GET with exactly these headers (fetch() would add and decode Accept-Encoding itself):
// {status, headers, body} with the body as bytes, as sent.
function raw(path, headers = {}, { method = 'GET', base = srv.url } = {}) {
  const u = new URL(base + path);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const send = (method, path, body) => request(srv.url + path, {
  method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
}).then((res) => ({ ...res, body: res.text ? JSON.parse(res.text) : null }));

const live = () => rows(srv.db, "SELECT a.id, a.slug, c.slug AS category FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.status = 'published' ORDER BY a.published_at DESC");
const articlePath = (a) => `/a/${a.id}/${encodeURIComponent(a.slug)}`;
// The session cookie of a logged-in newsroom user: such requests bypass the cache.
const loggedIn = () => ({ Cookie: editor.cookie });

test('a page from the cache is byte for byte the page a fresh render makes, for every kind of public page', async () => {
  const [a] = live();
  const [topic] = rows(srv.db, 'SELECT t.slug FROM topics t JOIN article_topics x ON x.topic_id = t.id LIMIT 1');
  const [author] = rows(srv.db, 'SELECT slug FROM users WHERE slug IS NOT NULL AND id IN (SELECT author_id FROM articles) LIMIT 1');
  const paths = ['/', articlePath(a), `/c/${a.category}`, `/t/${encodeURIComponent(topic.slug)}`, `/u/${author.slug}`,
    '/feed', '/feed/atom', '/sitemap.xml', '/sitemap-news.xml', '/robots.txt', '/search?q=%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D9%87',
    '/api/v1/articles', `/api/v1/articles/${a.id}`, '/api/v1/categories'];
  for (const path of paths) {
    const first = await raw(path);
    assert.equal(first.status, 200, path);
    const m0 = await metrics();
    const hit = await raw(path);
    const m1 = await metrics();
    assert.equal(m1.hit - m0.hit, 1, `${path}: the second request is a hit`);
    const fresh = await raw(path, loggedIn());
    const m2 = await metrics();
    assert.equal(m2.bypassed - m1.bypassed, 1, `${path}: with the session cookie, rendered afresh`);
    assert.equal(m2.hit, m1.hit, path);
    assert.ok(hit.body.equals(first.body), `${path}: the hit sends what the render kept`);
    assert.ok(hit.body.equals(fresh.body), `${path}: the hit equals a fresh render`);
    assert.equal(hit.headers.etag, fresh.headers.etag, `${path}: and so does its ETag`);
    assert.equal(hit.headers['content-type'], fresh.headers['content-type'], path);
    assert.match(hit.headers['cache-control'], /^public, /, path);
    assert.equal(fresh.headers['cache-control'], 'private, no-store', `${path}: a logged-in answer is nobody else's`);
    assert.ok(hit.headers['last-modified'], `${path}: Last-Modified beside the ETag`);
  }
});

test('public pages carry the Cache-Control of the settings, documented defaults', async () => {
  const s = await startServer({
    setup: (db) => sql(db, `INSERT INTO settings(key, value) VALUES ('cache_max_age', '5'), ('cache_s_maxage', '600'),
      ('cache_stale_while_revalidate', '7'), ('cache_stale_if_error', '3600')`),
  });
  try {
    const set = (await get(s.url, '/')).headers.get('cache-control');
    assert.equal(set, 'public, max-age=5, s-maxage=600, stale-while-revalidate=7, stale-if-error=3600');
    assert.equal((await get(s.url, '/api/v1/categories')).headers.get('cache-control'), set, 'API reads too');
  } finally {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
  assert.equal((await get(srv.url, '/')).headers.get('cache-control'),
    'public, max-age=30, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400');
  assert.equal((await get(srv.url, '/admin/login')).headers.get('cache-control'), 'no-store', 'the newsroom: never');
  assert.equal((await editor.get('/admin/')).headers.get('cache-control'), 'private, no-store');
  // A fingerprinted static file stays immutable for everyone, logged in or not.
  const css = /href="(\/static\/admin\.[0-9a-f]{8}\.css)"/.exec((await get(srv.url, '/admin/login')).text)[1];
  assert.match((await get(srv.url, css, { headers: loggedIn() })).headers.get('cache-control'), /immutable/);
});

test('gzip and brotli bodies decode to the very bytes of the page; Vary: Accept-Encoding', async () => {
  const [a] = live();
  const css = /href="(\/static\/admin\.[0-9a-f]{8}\.css)"/.exec((await get(srv.url, '/admin/login')).text)[1];
  for (const path of ['/', articlePath(a), '/feed', '/api/v1/articles', '/sitemap-articles-1.xml', css, '/c/no-such-section']) {
    const plain = await raw(path, { 'Accept-Encoding': 'identity' });
    assert.equal(plain.headers['content-encoding'], undefined, path);
    const gz = await raw(path, { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip', path);
    const br = await raw(path, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br', `${path}: br first when both are taken`);
    assert.ok(zlib.gunzipSync(gz.body).equals(plain.body), `${path}: gzip`);
    assert.ok(zlib.brotliDecompressSync(br.body).equals(plain.body), `${path}: brotli`);
    assert.ok(br.body.length < plain.body.length / 2, `${path}: compressed ${br.body.length} of ${plain.body.length}`);
    for (const r of [plain, gz, br]) assert.equal(r.headers.vary, 'Accept-Encoding', path);
    if (plain.status === 200) assert.notEqual(gz.headers.etag, plain.headers.etag, `${path}: each coding its own ETag`);
    const refused = await raw(path, { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    assert.equal(refused.headers['content-encoding'], undefined, `${path}: q=0 refuses a coding`);
  }
  // A small body is not worth compressing.
  assert.equal((await raw('/healthz', { 'Accept-Encoding': 'gzip, br' })).headers['content-encoding'], undefined);
});

test('the article page under 14 KB compressed, its stylesheet inline and allowed by its hash, its script deferred', async () => {
  const [a] = live();
  const br = await raw(articlePath(a), { 'Accept-Encoding': 'gzip, deflate, br' });
  const gz = await raw(articlePath(a), { 'Accept-Encoding': 'gzip' });
  assert.ok(br.body.length <= 14 * 1024, `brotli: ${br.body.length} bytes`);
  assert.ok(gz.body.length <= 14 * 1024, `gzip: ${gz.body.length} bytes`);
  const html = zlib.brotliDecompressSync(br.body).toString();
  const head = html.slice(0, html.indexOf('</head>'));
  assert.equal((head.match(/<link rel="stylesheet"/g) ?? []).length, 0, 'no stylesheet to fetch before the first paint');
  const style = /<style>([^<]*)<\/style>/.exec(head)[1];
  assert.ok(style.length > 1000, 'the theme\'s stylesheet, inline');
  const hash = createHash('sha256').update(style).digest('base64');
  assert.ok(br.headers['content-security-policy'].includes(`style-src 'self' 'sha256-${hash}'`), 'the CSP allows that text, and no other');
  for (const s of head.match(/<script[^>]*>/g) ?? []) assert.match(s, /type="application\/ld\+json"|defer/, `not render-blocking: ${s}`);
});

test('304 to If-None-Match and to If-Modified-Since; HEAD has the headers and no body', async () => {
  for (const path of ['/', '/feed', '/api/v1/articles']) {
    const first = await raw(path, { 'Accept-Encoding': 'gzip' });
    const { etag } = first.headers, lm = first.headers['last-modified'];
    const byTag = await raw(path, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    assert.equal(byTag.status, 304, path);
    assert.equal(byTag.body.length, 0);
    assert.equal(byTag.headers.etag, etag);
    assert.equal(byTag.headers['cache-control'], first.headers['cache-control'], `${path}: a 304 keeps the caching rules`);
    // The tag of another coding of the same page is the same page.
    assert.equal((await raw(path, { 'If-None-Match': etag })).status, 304, `${path}: the identity body is the same page`);
    assert.equal((await raw(path, { 'If-None-Match': '"0000000000000000"' })).status, 200);
    assert.equal((await raw(path, { 'If-Modified-Since': lm })).status, 304, `${path}: If-Modified-Since`);
    const later = new Date(Date.parse(lm) + 3600e3).toUTCString();
    assert.equal((await raw(path, { 'If-Modified-Since': later })).status, 304);
    const earlier = new Date(Date.parse(lm) - 3600e3).toUTCString();
    assert.equal((await raw(path, { 'If-Modified-Since': earlier })).status, 200, `${path}: changed since`);
    assert.equal((await raw(path, { 'If-Modified-Since': 'yesterday' })).status, 200, 'not a date: the page');
    assert.equal((await raw(path, { 'If-None-Match': '"0000000000000000"', 'If-Modified-Since': later })).status, 200,
      'If-None-Match decides when both are sent');
    const head = await raw(path, { 'Accept-Encoding': 'gzip' }, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers.etag, etag);
    assert.equal(Number(head.headers['content-length']), first.body.length, `${path}: HEAD says the length`);
  }
});

test('a publish, an edit, an unpublish, a comment approval and a rename show at the next request', async () => {
  const [old] = live();
  const paths = ['/', `/c/economy`, '/feed', '/api/v1/articles', articlePath(old)];
  for (const p of paths) await get(srv.url, p); // all in the cache now
  for (const p of paths) await get(srv.url, p);

  // Publish.
  const created = await send('POST', '/api/v1/articles', {
    title: 'خبر عاجل يظهر فورًا', dek: 'ملخص الخبر العاجل', body: 'نص الخبر العاجل.', category: 'economy', status: 'published',
  });
  assert.equal(created.status, 201, created.text);
  const a = created.body.article;
  for (const p of ['/', '/c/economy', '/feed', '/api/v1/articles'])
    assert.ok((await get(srv.url, p)).text.includes('خبر عاجل يظهر فورًا'), `published: ${p}`);

  // Edit.
  const path = articlePath(a);
  assert.ok((await get(srv.url, path)).text.includes('خبر عاجل يظهر فورًا'));
  assert.equal((await send('PATCH', `/api/v1/articles/${a.id}`, { title: 'خبر عاجل بعنوان معدل' })).status, 200);
  assert.ok((await get(srv.url, path)).text.includes('خبر عاجل بعنوان معدل'), 'edited: the article page');
  assert.ok((await get(srv.url, '/')).text.includes('خبر عاجل بعنوان معدل'), 'edited: the home page');

  // A comment approved by a moderator in the newsroom.
  const tokenRes = await get(srv.url, `/a/${a.id}/comments/token`);
  await new Promise((r) => setTimeout(r, 3100));
  const text = 'تعليق فيه رابط https://example.com ينتظر الموافقة';
  const posted = await post(`${srv.url}/a/${a.id}/comments`, form({ token: JSON.parse(tokenRes.text).token, name: 'قارئ', text }), { from: '127.0.3.1' });
  assert.equal(posted.status, 303);
  assert.ok(!(await get(srv.url, path)).text.includes('ينتظر الموافقة'), 'held: not shown');
  const [c] = rows(srv.db, `SELECT id FROM comments WHERE article_id = ${a.id}`);
  assert.equal((await editor.post('/admin/comments', { do: 'approve', id: String(c.id) })).status, 303);
  assert.ok((await get(srv.url, path)).text.includes('ينتظر الموافقة'), 'approved: shown at the next request');
  // Hidden again by another process (the command line): that shows within a tenth of a second.
  assert.equal(sahifa(['comments', 'reject', String(c.id), '--db', srv.db]).status, 0);
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(!(await get(srv.url, path)).text.includes('ينتظر الموافقة'), 'rejected elsewhere: gone');

  // Unpublish.
  assert.equal((await send('PATCH', `/api/v1/articles/${a.id}`, { status: 'unpublished' })).status, 200);
  assert.equal((await get(srv.url, path)).status, 404, 'unpublished: the page is gone');
  assert.ok(!(await get(srv.url, '/')).text.includes('خبر عاجل بعنوان معدل'), 'unpublished: off the home page');

  // A category renamed in the newsroom: every page's navigation shows the new name.
  const [cat] = rows(srv.db, "SELECT id, name, slug, description FROM categories WHERE slug = 'economy'");
  assert.ok((await get(srv.url, articlePath(old))).text.includes(cat.name));
  const renamed = await editor.post(`/admin/categories/${cat.id}`, { do: 'rename', name: 'المال والأعمال', slug: 'economy', description: cat.description });
  assert.equal(renamed.status, 303);
  for (const p of ['/', articlePath(old), '/c/economy'])
    assert.ok((await get(srv.url, p)).text.includes('المال والأعمال'), `renamed: ${p}`);
});

test('a logged-in reader neither sees nor fills the cache; a POST never meets it', async () => {
  const [a] = live();
  const path = articlePath(a);
  const cached = (await get(srv.url, path)).text;
  // A change that does not move the content generation (a hand edit of the database): the
  // cache does not know of it, so only a render shows it.
  sql(srv.db, `UPDATE articles SET dek = 'ملخص غيّرته يد في قاعدة البيانات' WHERE id = ${a.id}`);
  assert.equal((await get(srv.url, path)).text, cached, 'anonymous: the cached page');
  const mine = await get(srv.url, path, { headers: loggedIn() });
  assert.ok(mine.text.includes('ملخص غيّرته يد في قاعدة البيانات'), 'logged in: a render of its own');
  assert.equal(mine.headers.get('cache-control'), 'private, no-store');
  assert.equal((await get(srv.url, path)).text, cached, 'and it did not replace the cached page');

  // A key nobody asked for yet, asked for by a logged-in reader first: not kept.
  const fresh = `/c/${a.category}?page=1`;
  const m0 = await metrics();
  await get(srv.url, fresh, { headers: loggedIn() });
  const m1 = await metrics();
  assert.equal(m1.stored, m0.stored, 'nothing stored for a logged-in reader');
  assert.equal(m1.hit + m1.miss + m1.stale, m0.hit + m0.miss + m0.stale, 'nor looked up');
  await get(srv.url, fresh);
  const m2 = await metrics();
  assert.equal(m2.miss - m1.miss, 1, 'the next anonymous reader finds nothing');

  // POSTs: a comment without a token answers the confirmation page, made for this reader.
  const m3 = await metrics();
  const res = await post(`${srv.url}/a/${a.id}/comments`, form({ name: 'قارئ', text: 'نص تعليق قصير' }), { from: '127.0.3.2' });
  assert.equal(res.status, 200);
  assert.notEqual(res.text, cached);
  const m4 = await metrics();
  assert.deepEqual([m4.hit, m4.miss, m4.stale, m4.stored], [m3.hit, m3.miss, m3.stale, m3.stored], 'a POST neither reads nor fills');
  sql(srv.db, 'UPDATE generation SET value = value + 1'); // the hand edit reaches readers
  await new Promise((r) => setTimeout(r, 150));
});

test('query arguments a page does not read share its entry; those it reads have their own', async () => {
  const [a] = live();
  await get(srv.url, `/c/${a.category}`);
  const m0 = await metrics();
  for (let i = 0; i < 20; i++) await get(srv.url, `/c/${a.category}?utm_source=x${i}&fbclid=${i}`);
  const m1 = await metrics();
  assert.equal(m1.hit - m0.hit, 20, 'unread arguments: the same entry');
  const two = await get(srv.url, `/c/${a.category}?page=2`);
  const m2 = await metrics();
  assert.equal(m2.hit, m1.hit, '?page= is read by the page: an entry of its own');
  assert.equal((await get(srv.url, `/c/${a.category}?page=2&utm_source=y`)).text, two.text);
});

test('many readers missing one page together cause one render', async () => {
  sql(srv.db, 'UPDATE generation SET value = value + 1'); // every entry stale, within 0.1 s
  await new Promise((r) => setTimeout(r, 150));
  const m0 = await metrics();
  const all = await Promise.all(Array.from({ length: 24 }, () => get(srv.url, '/feed/atom')));
  const m1 = await metrics();
  assert.ok(all.every((r) => r.status === 200 && r.text === all[0].text));
  assert.equal(m1.stored - m0.stored, 1, 'one render kept');
  assert.equal((m1.miss + m1.stale) - (m0.miss + m0.stale), 1, 'one render made');
  assert.equal(m1.hit - m0.hit, 23, 'the others were answered from it');
});

test('views are counted on cache hits', async () => {
  const [a] = live();
  const path = articlePath(a);
  await get(srv.url, path);
  const m0 = await metrics();
  for (let i = 0; i < 5; i++)
    assert.equal((await request(srv.url + path, { from: `127.0.4.${i + 1}`, headers: { 'User-Agent': BROWSER } })).status, 200);
  const m1 = await metrics();
  assert.equal(m1.hit - m0.hit, 5, 'all five from the cache');
  assert.equal(m1.counted - m0.counted, 5, 'each one a view');
});

test('a flood of distinct query strings keeps the cache within its budget', async () => {
  const s = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES ('cache_budget_mb', '1')") });
  try {
    const m0 = await metrics(s);
    assert.equal(m0.budget, 1024 * 1024);
    // Arguments no page reads: one entry, however many.
    for (let i = 0; i < 2000; i += 50)
      await Promise.all(Array.from({ length: 50 }, (_, k) => get(s.url, `/?r=${i + k}`)));
    const m1 = await metrics(s);
    assert.equal(m1.entries, 1);
    assert.equal(m1.hit - m0.hit, 1999);
    // Arguments a page reads (searches): an entry each, the oldest dropped past the budget.
    const words = ['المياه', 'الاقتصاد', 'الانتخابات', 'الصحة', 'التعليم', 'الطاقة', 'الزراعة', 'النقل'];
    for (let i = 0; i < 400; i += 8) {
      await Promise.all(Array.from({ length: 8 }, (_, k) => get(s.url, `/search?q=${encodeURIComponent(`${words[k]} ${i + k}`)}`)));
      const m = await metrics(s);
      assert.ok(m.bytes <= m.budget, `${m.bytes} bytes held, budget ${m.budget}`);
    }
    const m2 = await metrics(s);
    assert.ok(m2.evicted > 0, 'entries were dropped');
    assert.ok(m2.stored - m1.stored >= 400, 'every search was kept in its turn');
  } finally {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
});

test('cache_budget_mb 0 turns the cache off; pages are still compressed and validated', async () => {
  const s = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES ('cache_budget_mb', '0')") });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await get(s.url, '/')).status, 200);
    const m = await metrics(s);
    assert.deepEqual([m.hit, m.miss, m.stored, m.entries], [0, 0, 0, 0]);
    const br = await raw('/', { 'Accept-Encoding': 'br' }, { base: s.url });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal((await raw('/', { 'If-None-Match': br.headers.etag }, { base: s.url })).status, 304);
  } finally {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
});

test('without site_url the Host is part of the key: a page made for one host is never sent for another', async () => {
  const canonical = (body) => /<link rel="canonical" href="([^"]+)">/.exec(body.toString())[1];
  const m0 = await metrics();
  const a = await raw('/c/economy', { Host: 'news-a.example' });
  const b = await raw('/c/economy', { Host: 'news-b.example' });
  const m1 = await metrics();
  assert.equal(canonical(a.body), 'http://news-a.example/c/economy');
  assert.equal(canonical(b.body), 'http://news-b.example/c/economy', 'not the other host\'s page');
  assert.equal(m1.hit, m0.hit, 'two hosts, two entries');
  assert.equal(canonical((await raw('/c/economy', { Host: 'news-a.example' })).body), 'http://news-a.example/c/economy');
  assert.equal((await metrics()).hit - m1.hit, 1);

  const s = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES ('site_url', 'https://news.example')") });
  try {
    const one = await raw('/c/economy', { Host: 'news-a.example' }, { base: s.url });
    const m2 = await metrics(s);
    const two = await raw('/c/economy', { Host: 'elsewhere.example' }, { base: s.url });
    assert.equal((await metrics(s)).hit - m2.hit, 1, 'with site_url, one entry for every Host');
    assert.equal(canonical(two.body), 'https://news.example/c/economy');
    assert.ok(one.body.equals(two.body));
  } finally {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
});

test('HEAD everywhere: the headers a GET gets and no body, for pages, files, photos, the newsroom, errors and redirects', async () => {
  const [a] = live();
  const home = (await get(srv.url, '/')).text;
  const photo = /\/media\/[0-9a-f]{32}-\d+\.(?:webp|jpg)/.exec(home)?.[0];
  assert.ok(photo, 'the demo\'s home page shows photos');
  const css = /href="(\/static\/admin\.[0-9a-f]{8}\.css)"/.exec((await get(srv.url, '/admin/login')).text)[1];
  const cases = [['/'], [articlePath(a)], [`/c/${a.category}`], ['/feed'], ['/sitemap.xml'], ['/robots.txt'],
    ['/api/v1/articles'], ['/search?q=%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D9%87'], [css], [photo], ['/healthz'],
    ['/c/no-such-section'], [`/a/${a.id}`], [articlePath(a), loggedIn()],
    // The newsroom's pages carry a new form token at each render: their own ETag each time.
    ['/admin/login', {}, true], ['/admin/', loggedIn(), true]];
  for (const [path, headers = {}, renders] of cases) {
    const h = { 'Accept-Encoding': 'gzip, br', ...headers };
    const g = await raw(path, h);
    const head = await raw(path, h, { method: 'HEAD' });
    const what = `HEAD ${path}${headers.Cookie ? ' logged in' : ''}`;
    assert.equal(head.status, g.status, what);
    assert.equal(head.body.length, 0, `${what}: no body`);
    for (const name of ['content-type', 'content-encoding', 'cache-control', 'location', 'vary'])
      assert.equal(head.headers[name], g.headers[name], `${what}: ${name}`);
    assert.equal(typeof head.headers.etag, typeof g.headers.etag, `${what}: an ETag as the GET has`);
    if (!renders && g.headers.etag) assert.equal(head.headers.etag, g.headers.etag, `${what}: the GET's ETag`);
    if (!renders && g.headers.etag) assert.equal(head.headers['content-length'], String(g.body.length), `${what}: the length of the GET's body`);
  }
});

test('photos go out as stored: never compressed, immutable for everyone, with their own ETag and 304', async () => {
  const photo = /\/media\/[0-9a-f]{32}-\d+\.(?:webp|jpg)/.exec((await get(srv.url, '/')).text)[0];
  const m0 = await metrics();
  for (const headers of [{ 'Accept-Encoding': 'gzip, deflate, br' }, { 'Accept-Encoding': 'gzip, br', ...loggedIn() }]) {
    const res = await raw(photo, headers);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^image\/(webp|jpeg)$/);
    assert.equal(res.headers['content-encoding'], undefined, 'an image is not compressed again');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', 'the same bytes for everyone, forever');
    assert.equal(res.headers.etag, `"${photo.slice(7)}"`, 'the name is the version');
    const riff = res.body.subarray(0, 4).toString('latin1'), jpeg = res.body[0] === 0xff && res.body[1] === 0xd8;
    assert.ok(riff === 'RIFF' || jpeg, 'the image\'s own bytes');
    assert.equal((await raw(photo, { ...headers, 'If-None-Match': res.headers.etag })).status, 304);
  }
  const m1 = await metrics();
  assert.deepEqual([m1.hit, m1.miss, m1.stored], [m0.hit, m0.miss, m0.stored], 'photos are not the page cache\'s');
});
