// The search page and API on an archive of a few thousand articles, imported as an operator
// would: common words match thousands, an old story must still be found by its title's words,
// prefixes reach past the article, dates and the order narrow and sort, a misspelled word gets
// «هل تقصد», and hostile arguments answer 200 or 400, never 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, get, sahifa } from '../lib/server.mjs';

const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const now = Date.now();

// The archive: the story to find, oldest of all; then thousands of newer articles that have
// both of its words in their bodies, or one of them in their titles; a few recent ones; and
// articles for prefixes and spelling.
function archive() {
  const lines = [];
  const add = (id, title, body, date, category = 'localNews') =>
    lines.push(JSON.stringify({ id, title, body, date, category }));
  add('story', 'القبض على عنصرين إرهابيين متورطين في عملية بن قردان', 'تمكنت وحدات الحرس الوطني من إلقاء القبض على عنصرين.', '2016-03-10T10:00:00Z');
  for (let i = 0; i < 1500; i++)
    add(`both-${i}`, `خبر أمني رقم ${i}`, `نفذت القوات عملية واسعة وأوقفت أشخاصا متورطين في التهريب، والعدد ${i}.`, iso(Date.UTC(2018, 0, 1) + i * 3600 * 1000), i % 3 ? 'localNews' : 'politic');
  for (let i = 0; i < 700; i++)
    add(`title-${i}`, `عملية جديدة في المنطقة ${i}`, `نص الخبر ${i} بلا الكلمة الأخرى.`, iso(Date.UTC(2018, 5, 1) + i * 3600 * 1000), 'sport');
  for (let i = 0; i < 3; i++)
    add(`recent-${i}`, `عملية إنقاذ حديثة ${i}`, `متورطين في الحادث ${i}.`, iso(now - (i + 1) * DAY));
  add('housing', 'أزمة الإسكان في العاصمة', 'تحدث الوزير عن والإسكان الشعبي وسياسات الإسكان.', '2017-05-01T10:00:00Z');
  for (let i = 0; i < 12; i++)
    add(`gov-${i}`, `الحكومة التونسية تعلن قرارا ${i}`, `أعلنت الحكومة التونسية اليوم ${i}.`, '2017-06-01T10:00:00Z');
  return lines.join('\n') + '\n';
}

let srv;
before(async () => {
  srv = await startServer({
    demo: false,
    setup(db) {
      const file = join(db, '..', 'archive.jsonl');
      writeFileSync(file, archive());
      const r = sahifa(['import', '--db', db, file]);
      assert.equal(r.status, 0, r.stderr);
    },
  });
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const q = (text, extra = '') => `/search?q=${encodeURIComponent(text)}${extra}`;
const titles = (html) => [...html.matchAll(/<h2 class="card-title"><a href="[^"]+">(.*?)<\/a><\/h2>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
const times = (html) => [...html.matchAll(/<li class="search-result">[\s\S]*?<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]));
const arabicNumber = (s) => Number([...s].map((d) => '٠١٢٣٤٥٦٧٨٩'.indexOf(d)).join(''));
const total = (html) => {
  const m = /عدد النتائج: (أكثر من )?([٠-٩]+)/.exec(html);
  return m ? arabicNumber(m[2]) : -1;
};

test('an old story whose title holds both words is first, though thousands of newer articles have them', async () => {
  const res = await get(srv.url, q('متورطين عملية'));
  assert.equal(res.status, 200);
  assert.ok(total(res.text) >= 1500, `${total(res.text)} articles have both words`);
  const found = titles(res.text);
  assert.equal(found[0], 'القبض على عنصرين إرهابيين متورطين في عملية بن قردان', found.slice(0, 3).join(' | '));
  // Articles with one word only do not follow when those with both are many.
  assert.ok(!found.some((t) => t.startsWith('عملية جديدة في المنطقة')));
  // The same through the API, its first result.
  const api = await get(srv.url, `/api/v1/search?q=${encodeURIComponent('متورطين عملية')}&per_page=3`);
  assert.equal(api.status, 200);
  assert.match(JSON.parse(api.text).results[0].title, /بن قردان/);
});

test('a prefix reaches past the article and clitics: اسك* finds الإسكان and والإسكان', async () => {
  const res = await get(srv.url, q('اسك*'));
  assert.equal(res.status, 200);
  assert.deepEqual(titles(res.text), ['أزمة الإسكان في العاصمة']);
  assert.match(res.text, /<mark>الإسكان<\/mark>/);
  assert.match(res.text, /<mark>والإسكان<\/mark>/);
});

test('dates narrow the results, the last week is one click away, and the date order is newest first', async () => {
  const y2016 = await get(srv.url, q('متورطين عملية', '&from=2016-01-01&to=2016-12-31'));
  assert.equal(y2016.status, 200);
  assert.equal(total(y2016.text), 1);
  assert.match(titles(y2016.text)[0], /بن قردان/);
  // The page links to the last week; following it keeps the three recent articles only.
  const all = await get(srv.url, q('عملية'));
  const week = /<a href="([^"]+)"[^>]*>آخر أسبوع<\/a>/.exec(all.text);
  assert.ok(week, 'a link to the last week');
  const recent = await get(srv.url, week[1].replace(/&amp;/g, '&'));
  assert.equal(recent.status, 200);
  assert.equal(total(recent.text), 3);
  assert.match(recent.text, /aria-current="true">آخر أسبوع/);
  const byDate = await get(srv.url, q('متورطين', '&sort=date'));
  const t = times(byDate.text);
  assert.ok(t.length >= 3);
  for (let i = 1; i < t.length; i++) assert.ok(t[i - 1] >= t[i], 'newest first');
  assert.ok(t[0] > now - 2 * DAY, 'the newest article leads');
  const api = JSON.parse((await get(srv.url, `/api/v1/search?q=${encodeURIComponent('متورطين عملية')}&from=2016-01-01&to=2016-12-31`)).text);
  assert.equal(api.total, 1);
});

test('counts per category sit beside the results and each leads to its category', async () => {
  const res = await get(srv.url, q('عملية'));
  const counts = [...res.text.matchAll(/<li><a href="([^"]+)"[^>]*>([^<]+)<\/a> <span class="count">\(([^)]+)\)<\/span><\/li>/g)];
  const byName = Object.fromEntries(counts.map((m) => [m[2], { url: m[1].replace(/&amp;/g, '&'), n: arabicNumber(m[3].replace('أكثر من ', '')) }]));
  assert.ok(byName['كل الأقسام'], Object.keys(byName).join(','));
  const sport = byName.sport ?? Object.entries(byName).find(([, v]) => v.url.includes('c=sport'))?.[1];
  assert.ok(sport && sport.n === 700, JSON.stringify(byName));
  const inSport = await get(srv.url, sport.url);
  assert.equal(total(inSport.text), 700);
  const api = JSON.parse((await get(srv.url, `/api/v1/search?q=${encodeURIComponent('عملية')}&category=sport`)).text);
  assert.equal(api.total, 700);
  assert.ok(api.categories.length >= 2, 'the other categories are counted too');
});

test('a misspelled word gets «هل تقصد» with the spelling the archive knows', async () => {
  const res = await get(srv.url, q('الحكومة التونسبة'));
  assert.equal(res.status, 200);
  const m = /هل تقصد: <a href="([^"]+)">([^<]+)<\/a>/.exec(res.text);
  assert.ok(m, 'a suggestion');
  assert.equal(m[2], 'الحكومة التونسية');
  const fixed = await get(srv.url, m[1].replace(/&amp;/g, '&'));
  assert.equal(total(fixed.text), 12);
  assert.ok(!/هل تقصد/.test(fixed.text), 'no suggestion for words the archive knows');
  const api = JSON.parse((await get(srv.url, `/api/v1/search?q=${encodeURIComponent('الحكومة التونسبة')}`)).text);
  assert.equal(api.suggestion, 'الحكومة التونسية');
});

test('hostile arguments answer 200 or 400 with an error in Arabic, never 500', async () => {
  const bad = ['&from=2018-02-30', '&to=yesterday', '&from=2019-01-01&to=2018-01-01', '&to=9999999999-01-01', '&from=2018-1-1', '&sort=%22'];
  for (const extra of bad) {
    const res = await get(srv.url, q('عملية', extra));
    assert.equal(res.status, 400, extra);
    assert.match(res.text, /[\u0600-\u06FF]/, 'an Arabic message');
    const api = await get(srv.url, `/api/v1/search?q=x${extra}`);
    assert.equal(api.status, 400, `api ${extra}`);
    assert.ok(JSON.parse(api.text).error.code, extra);
  }
  for (const extra of ['&from=%00', '&from=', '&to=', '&c=', '&from=2018-01-01%00']) {
    const res = await get(srv.url, q('عملية', extra));
    assert.ok(res.status === 200 || res.status === 400, `${extra}: ${res.status}`);
  }
  const odd = ['*', 'ا*', '-"', '""', '"متورطين', 'NEAR(عملية', 'عملية -عملية', 'ب'.repeat(400), '٭٭٭'];
  for (const text of odd) {
    for (const extra of ['', '&sort=date', '&from=2016-01-01']) {
      const res = await get(srv.url, q(text, extra));
      assert.equal(res.status, 200, `${text.slice(0, 12)} ${extra}`);
    }
  }
});
