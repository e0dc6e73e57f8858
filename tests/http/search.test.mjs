// The search page and the search command on the demo site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sahifa } from '../lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const q = (text, extra = '') => `/search?q=${encodeURIComponent(text)}${extra}`;
// The article ids of a results page, in order.
const ids = (html) => [...html.matchAll(/<h2 class="card-title"><a href="\/a\/(\d+)\//g)].map((m) => Number(m[1]));

test('the search page without a query shows the form', async () => {
  const res = await get(srv.url, '/search');
  assert.equal(res.status, 200);
  assert.match(res.text, /<form class="search-advanced"/);
  assert.ok(!res.text.includes('<ol class="search-results"'), 'no results list (the inline stylesheet names the class)');
});

test('every inflection and spelling finds the same articles, with the words marked as written', async () => {
  const forms = ['اتفاق', 'الاتفاق', 'والاتفاق', 'بالاتفاق', 'اتفاقات'];
  const found = [];
  for (const form of forms) {
    const res = await get(srv.url, q(form));
    assert.equal(res.status, 200, form);
    found.push(ids(res.text).sort((a, b) => a - b).join(','));
    assert.match(res.text, /<mark>[^<]*اتفاق[^<]*<\/mark>/, form);
  }
  assert.ok(found[0].length > 0);
  for (const f of found) assert.equal(f, found[0]);
  const [a] = rows(srv.db, "SELECT id FROM articles WHERE body LIKE '%بالاتفاق%' AND status = 'published' LIMIT 1");
  assert.ok(found[0].split(',').map(Number).includes(a.id), 'an article that only says بالاتفاق is found by اتفاق');
  // Hamza and harakat do not matter.
  const withHarakat = await get(srv.url, q('الاتِّفَاق'));
  assert.equal(ids(withHarakat.text).sort((x, y) => x - y).join(','), found[0]);
});

test('the query is echoed escaped in the search box', async () => {
  const res = await get(srv.url, q('<script>alert("x")</script>'));
  assert.equal(res.status, 200);
  assert.ok(!res.text.includes('<script>alert'), 'never unescaped');
  assert.match(res.text, /value="&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;"/);
});

test('category filter, date order, totals and pages', async () => {
  const all = await get(srv.url, q('المياه'));
  const total = (html) => {
    const digits = /عدد النتائج: ([٠-٩]+)/.exec(html)[1];
    return Number([...digits].map((d) => '٠١٢٣٤٥٦٧٨٩'.indexOf(d)).join(''));
  };
  const n = total(all.text);
  assert.ok(n >= 3, `${n} results for المياه`);
  const politics = await get(srv.url, q('المياه', '&c=politics'));
  assert.equal(politics.status, 200);
  const politicsIds = ids(politics.text);
  assert.ok(total(politics.text) < n && politicsIds.length > 0);
  for (const id of politicsIds) {
    assert.equal(rows(srv.db, `SELECT c.slug FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.id = ${id}`)[0].slug, 'politics');
  }
  assert.equal((await get(srv.url, q('المياه', '&c=nope'))).status, 400);
  assert.equal((await get(srv.url, q('المياه', '&sort=sideways'))).status, 400);
  const byDate = await get(srv.url, q('المياه', '&sort=date'));
  const times = [...byDate.text.matchAll(/<li class="search-result">[\s\S]*?<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]));
  assert.ok(times.length > 1);
  for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], 'newest first');
  assert.equal((await get(srv.url, q('المياه', '&page=999'))).status, 404);
});

test('the pages of results link to each other with the query kept', async () => {
  const word = 'الشباب';
  const first = await get(srv.url, q(word));
  const next = /<a [^>]*href="([^"]+)"[^>]*rel="next"|rel="next"[^>]*href="([^"]+)"/.exec(first.text);
  assert.ok(next, 'a next link');
  const href = (next[1] ?? next[2]).replace(/&amp;/g, '&');
  assert.equal(href, `${q(word)}&page=2`);
  const second = await get(srv.url, href);
  assert.equal(second.status, 200);
  assert.ok(ids(second.text).length > 0);
  assert.ok(!ids(second.text).some((id) => ids(first.text).includes(id)), 'another page of results');
});

test('phrases, prefixes and exclusions', async () => {
  const phrase = await get(srv.url, q('"المياه الجوفية"'));
  assert.ok(ids(phrase.text).length > 0);
  for (const id of ids(phrase.text)) {
    const [a] = rows(srv.db, `SELECT title || ' ' || dek || ' ' || body AS t FROM articles WHERE id = ${id}`);
    assert.ok(a.t.includes('المياه الجوفية'), `${id} has the exact phrase`);
  }
  const without = await get(srv.url, q('المياه -الجوفية'));
  for (const id of ids(without.text)) {
    const [a] = rows(srv.db, `SELECT title || ' ' || dek || ' ' || body AS t FROM articles WHERE id = ${id}`);
    assert.ok(!a.t.includes('الجوفية'), `${id} has no الجوفية`);
  }
  assert.ok(ids((await get(srv.url, q('الجوف*'))).text).length > 0);
});

test('hostile queries get a sensible page, never a 500 or an SQL error', async () => {
  const hostile = ['"', '*', 'NEAR(', '-', ')', '"unclosed', 'AND OR NOT', '((((', '؟!…،',
    'a'.repeat(1000), 'ب '.repeat(500), '-"x"', '*"*', 'NEAR("a" "b", 2)', "'; DROP TABLE articles; --"];
  for (const h of hostile) {
    const res = await get(srv.url, q(h));
    assert.equal(res.status, 200, h.slice(0, 20));
    assert.ok(!/sqlite|fts5|syntax error/i.test(res.text), h.slice(0, 20));
  }
  assert.equal((await get(srv.url, '/search?q=%FF%FE')).status, 400);
  assert.equal((await get(srv.url, '/')).status, 200, 'still serving');
});

test('the article page lists related articles found through the index', async () => {
  const [a] = rows(srv.db, "SELECT id FROM articles WHERE title LIKE '%المياه%' AND status = 'published' LIMIT 1");
  const res = await get(srv.url, `/a/${a.id}`, { redirect: 'follow' });
  const related = res.text.slice(res.text.indexOf('مقالات ذات صلة'));
  const relatedIds = [...related.matchAll(/href="\/a\/(\d+)\//g)].map((m) => Number(m[1]));
  assert.ok(relatedIds.length > 0, 'some related articles');
  assert.ok(!relatedIds.includes(a.id), 'never itself');
});

test('sahifa search on the command line, as text and as JSON', () => {
  const text = sahifa(['search', '--db', srv.db, 'الاتفاق']);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /^\d+ results$/m);
  assert.match(text.stdout, /«[^»]*اتفاق[^»]*»/);
  const json = sahifa(['search', '--db', srv.db, '--json', '--limit', '2', 'المياه']);
  assert.equal(json.status, 0);
  const parsed = JSON.parse(json.stdout);
  assert.ok(parsed.total >= 2);
  assert.equal(parsed.results.length, 2);
  assert.match(parsed.results[0].url, /^\/a\/\d+\//);
  assert.match(parsed.results[0].snippet, /<mark>/);
  assert.equal(sahifa(['search', '--db', srv.db]).status, 2, 'no query');
  assert.equal(sahifa(['search', '--db', srv.db, '--limit', '0', 'x']).status, 2);
  assert.equal(sahifa(['search', '--db', srv.db, '"', 'NEAR(']).status, 0);
});

test('sahifa reindex rebuilds the index and search still finds the same', () => {
  const before = JSON.parse(sahifa(['search', '--db', srv.db, '--json', 'المياه']).stdout).total;
  const r = sahifa(['reindex', '--db', srv.db]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /rebuilt, \d+ articles/);
  assert.equal(JSON.parse(sahifa(['search', '--db', srv.db, '--json', 'المياه']).stdout).total, before);
});
