// `sahifa import`, `export` and `backup` run as an operator runs them: on fixtures written for
// these tests (tests/fixtures/) and, when it is there, the page in ../shared/fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { ROOT, BIN, sahifa, rows, sql, startServer, get } from '../lib/server.mjs';

const FIX = join(ROOT, 'tests', 'fixtures');
const SHARED_PAGE = join(ROOT, '..', 'shared', 'fixtures', '000_5560c4d92b8339bf.txt');

// A fresh empty database in a fresh folder: {dir, db, done()}.
function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-import-'));
  const db = join(dir, 'site.db');
  assert.equal(sahifa(['init', '--db', db]).status, 0);
  return { dir, db, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const importing = (db, ...args) => sahifa(['import', '--db', db, ...args]);
// The summary line's counts.
function summary(stderr) {
  const m = /(\d+) files: (\d+) imported, (\d+) updated, (\d+) unchanged, (\d+) near-duplicates, (\d+) skipped, (\d+) files not imported/.exec(stderr);
  assert.ok(m, `no summary line in:\n${stderr}`);
  const [files, imported, updated, unchanged, duplicates, skipped, failed] = m.slice(1).map(Number);
  return { files, imported, updated, unchanged, duplicates, skipped, failed };
}
const article = (db, where) => rows(db, `SELECT * FROM articles WHERE ${where}`)[0];

// Chrome of scraped pages that must never reach an article's text.
const CHROME = ['التعليقات', 'الأكثر قراءة', 'أهم المواضيع', 'أهم التصنيفات', 'تابعونا', 'أخبار ذات صلة', 'شارك'];

test('text: the title once, the paragraphs, the site chrome gone (own fixtures)', () => {
  const t = fresh();
  const r = importing(t.db, join(FIX, 'text'));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(summary(r.stderr), { files: 2, imported: 2, updated: 0, unchanged: 0, duplicates: 0, skipped: 0, failed: 0 });
  // A text page has no date: it comes in as a draft, for an editor to date and publish.
  assert.match(r.stderr, /tabuk-rain\.txt:1: imported as a draft: no date/);
  assert.match(r.stderr, /2 made drafts/);
  const rain = article(t.db, "title = 'أمطار غزيرة تغمر شوارع تبوك وتعليق الدراسة غدا'");
  assert.ok(rain, 'the title line, repeated on the page, is the title');
  assert.deepEqual([rain.status, rain.published_at], ['draft', null]);
  assert.ok(!rain.body.includes('أمطار غزيرة تغمر'), 'the repeated title is not in the body');
  assert.ok(rain.body.startsWith('شهدت مدينة تبوك'), rain.body.slice(0, 80));
  assert.ok(rain.body.endsWith('حتى نهاية الأسبوع.'), rain.body.slice(-80));
  assert.equal(rain.body.split('\n\n').length, 4, 'four paragraphs');
  for (const c of CHROME) assert.ok(!rain.body.includes(c), `no «${c}» in the body`);
  assert.ok(!/\n\s*3\s*(\n|$)/.test(rain.body), 'no lone counter');
  const library = article(t.db, "title LIKE 'افتتاح أكبر مكتبة%'");
  assert.ok(library.body.endsWith('طوال أيام الأسبوع.'), library.body.slice(-60));
  assert.ok(!/(^|\n)7(\n|$)/.test(library.body), 'a lone number inside the text is dropped');
  for (const c of CHROME) assert.ok(!library.body.includes(c), `no «${c}» in the body`);
  t.done();
});

test('text: the page from ../shared/fixtures', { skip: !existsSync(SHARED_PAGE) && 'skipped: ../shared/fixtures is absent' }, () => {
  const t = fresh();
  const r = importing(t.db, SHARED_PAGE);
  assert.equal(r.status, 0, r.stderr);
  const all = rows(t.db, 'SELECT title, body FROM articles');
  assert.equal(all.length, 1);
  assert.equal(all[0].title, 'النظام يعلن عن اتفاق مع داعش جنوبي دمشق');
  const body = all[0].body;
  assert.ok(!body.includes('النظام يعلن عن اتفاق مع داعش جنوبي دمشق'), 'the title is not repeated in the body');
  assert.ok(body.startsWith('قالت وسائل إعلام روسية'), body.slice(0, 60));
  assert.ok(body.endsWith('أو سيكون العمل العسكري مطروحاً من جديد، وفق الصفحة.'), body.slice(-80));
  for (const c of CHROME) assert.ok(!body.includes(c), `no «${c}» in the body`);
  assert.ok(!body.includes('💡') && !body.includes('✨'));
  t.done();
});

test('gzip-compressed files are read as they are', () => {
  const t = fresh();
  const dir = join(t.dir, 'in');
  mkdirSync(dir);
  writeFileSync(join(dir, 'rain.txt.gz'), gzipSync(readFileSync(join(FIX, 'text', 'tabuk-rain.txt'))));
  writeFileSync(join(dir, 'news.jsonl.gz'), gzipSync(readFileSync(join(FIX, 'jsonl', 'news.jsonl'))));
  writeFileSync(join(dir, 'README.md'), '# not an article\n');
  const r = importing(t.db, dir);
  assert.equal(r.status, 0, r.stderr);
  const s = summary(r.stderr);
  assert.equal(s.files, 2, 'a README beside the archive is passed over');
  assert.equal(s.imported, 4);
  assert.ok(article(t.db, "title = 'أمطار غزيرة تغمر شوارع تبوك وتعليق الدراسة غدا'"));
  t.done();
});

test('jsonl: fields of the news corpus, bad lines reported by number, near-duplicates reported or skipped', () => {
  const t = fresh();
  const file = join(FIX, 'jsonl', 'news.jsonl');
  const r = importing(t.db, file);
  assert.equal(r.status, 0, 'bad lines are reported, the file is imported');
  assert.deepEqual(summary(r.stderr), { files: 1, imported: 3, updated: 0, unchanged: 0, duplicates: 1, skipped: 2, failed: 0 });
  assert.match(r.stderr, /news\.jsonl:3: skipped: not a JSON object/);
  assert.match(r.stderr, /news\.jsonl:4: skipped: no title/);
  assert.match(r.stderr, /news\.jsonl:2: imported as article \d+, a near-duplicate of article \d+/);
  const wind = article(t.db, "import_key = 'https://example.org/economy/2018/04/20/wind-farm'");
  assert.equal(wind.title, 'توقيع اتفاقية لإنشاء محطة رياح بقدرة ٣٠٠ ميغاواط');
  assert.equal(wind.source, 'وكالة الأنباء');
  assert.equal(wind.published_at, Date.parse('2018-04-20T09:30:00Z') / 1000);
  assert.equal(wind.body.split('\n\n').length, 2);
  assert.equal(sql(t.db, `SELECT c.slug FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.id = ${wind.id}`), 'economy');
  assert.equal(sql(t.db, "SELECT import_key FROM articles WHERE title LIKE 'المنتخب%'"), 'id:ant-AL-sport-005', 'no URL: keyed on the id');
  // The search index is filled by imports.
  const found = sahifa(['search', '--db', t.db, 'ميغاواط']);
  assert.equal(found.status, 0);
  assert.match(found.stdout, /توقيع اتفاقية لإنشاء محطة رياح/);

  // The same file again changes nothing; an edited line updates its article.
  const again = importing(t.db, file);
  assert.deepEqual(summary(again.stderr), { files: 1, imported: 0, updated: 0, unchanged: 3, duplicates: 0, skipped: 2, failed: 0 });
  const edited = join(t.dir, 'edited.jsonl');
  writeFileSync(edited, readFileSync(file, 'utf8').replace('بهدفين نظيفين', 'بثلاثة أهداف'));
  const third = importing(t.db, edited);
  assert.equal(summary(third.stderr).updated, 1);
  assert.match(sql(t.db, "SELECT body FROM articles WHERE title LIKE 'المنتخب%'"), /بثلاثة أهداف/);
  assert.equal(sql(t.db, 'SELECT count(*) FROM articles'), '3');

  // --skip-duplicates leaves the copy out.
  const u = fresh();
  const skipping = importing(u.db, '--skip-duplicates', file);
  assert.equal(summary(skipping.stderr).imported, 2);
  assert.match(skipping.stderr, /news\.jsonl:2: skipped: a near-duplicate of article 1/);
  assert.equal(sql(u.db, "SELECT count(*) FROM articles WHERE import_key LIKE '%wind-farm-south'"), '0');
  t.done();
  u.done();
});

test('--category puts every article in one category; an unknown one is refused', () => {
  const t = fresh();
  sql(t.db, "INSERT INTO categories(slug, name, position, created_at) VALUES ('local', 'محليات', 1, 0)");
  const r = importing(t.db, '--category', 'local', join(FIX, 'jsonl', 'news.jsonl'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(t.db, "SELECT count(*) FROM articles a JOIN categories c ON c.id = a.category_id WHERE c.slug = 'local'"), '3');
  assert.equal(sql(t.db, 'SELECT count(*) FROM categories'), '1', 'no category made from the file');
  const bad = importing(t.db, '--category', 'nope', join(FIX, 'jsonl', 'news.jsonl'));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /no category nope/);
  assert.equal(importing(t.db, '--format', 'pdf', join(FIX, 'jsonl')).status, 2);
  t.done();
});

test('html: saved pages, by content density, with their metadata; a windows-1256 page converted', () => {
  const t = fresh();
  const r = importing(t.db, join(FIX, 'html'));
  assert.equal(r.status, 1, 'a page of scripts only is reported');
  assert.match(r.stderr, /scripts_only\.html: not imported: no article found/);
  assert.equal(summary(r.stderr).imported, 4);
  const [full] = rows(t.db, `SELECT a.*, c.name AS category, u.name AS author FROM articles a
    LEFT JOIN categories c ON c.id = a.category_id LEFT JOIN users u ON u.id = a.author_id
    WHERE a.import_key = 'https://alofuq.example/culture/2024/03/05/zarqa-public-library'`);
  assert.ok(full, 'keyed on the canonical URL');
  assert.equal(full.title, 'افتتاح أكبر مكتبة عامة في الزرقاء بعد عامين من العمل', 'og:title without the site name');
  assert.equal(full.category, 'ثقافة');
  assert.equal(full.author, 'سلمى الخطيب');
  assert.equal(full.published_at, Date.parse('2024-03-05T06:30:00Z') / 1000);
  assert.equal(sql(t.db, `SELECT group_concat(t.name, '،') FROM article_topics x JOIN topics t ON t.id = x.topic_id WHERE x.article_id = ${full.id} ORDER BY x.position`), 'الزرقاء،مكتبات عامة،القراءة،ثقافة');
  assert.ok(full.body.split('\n\n').length >= 4, 'the paragraphs of the article');
  for (const c of ['الأكثر قراءة', 'تابعونا', 'اقرأ أيضاً', 'مزرعة رياح']) assert.ok(!full.body.includes(c), `no «${c}» in the body`);
  const cp1256 = article(t.db, "title = 'أمطار غزيرة تغلق طرقا في الجنوب'");
  assert.ok(cp1256, 'the windows-1256 page, converted');
  assert.match(cp1256.body, /ودعت مديرية الدفاع المدني/);
  t.done();
});

test('wxr: posts, drafts, Arabic slugs, categories, tags, authors, comments, old permalinks redirected', async () => {
  const srv = await startServer({
    demo: false,
    setup: (db) => {
      const r = importing(db, join(FIX, 'wxr', 'export.xml'));
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /export\.xml:\d+: skipped: WordPress post 106: in the trash/);
    },
  });
  const fair = article(srv.db, "title = 'افتتاح معرض دمشق الدولي للكتاب'");
  assert.equal(fair.status, 'published');
  assert.equal(fair.slug, 'معرض-الكتاب', 'the slug percent-decoded');
  assert.equal(sql(srv.db, `SELECT c.name || '|' || c.description FROM categories c WHERE c.id = ${fair.category_id}`), 'أخبار|أخبار محلية وعربية');
  assert.equal(sql(srv.db, `SELECT group_concat(t.name, '،') FROM article_topics x JOIN topics t ON t.id = x.topic_id WHERE x.article_id = ${fair.id} ORDER BY x.position`), 'دمشق،ثقافة');
  const comments = rows(srv.db, `SELECT status, count(*) AS n FROM comments WHERE article_id = ${fair.id} GROUP BY status ORDER BY status`);
  assert.deepEqual(comments, [{ status: 'approved', n: 3 }, { status: 'pending', n: 1 }, { status: 'spam', n: 1 }], 'pingbacks and trash left out');
  assert.equal(sql(srv.db, `SELECT count(*) FROM comments WHERE article_id = ${fair.id} AND parent_id IS NOT NULL`), '1', 'the reply keeps its parent');
  assert.equal(article(srv.db, "title = 'موازنة 2019 أمام اللجنة'").status, 'draft');
  assert.equal(article(srv.db, "title = 'ملاحظات داخلية'").status, 'draft', 'a private post stays unpublished');
  assert.equal(article(srv.db, "title LIKE 'أسئلة & أجوبة%'").status, 'review');
  assert.equal(sql(srv.db, "SELECT count(*) FROM articles WHERE title IN ('من نحن', 'خبر محذوف', 'قاعة الاجتماعات')"), '0', 'pages, trash, attachments left out');

  // The old permalink answers with a permanent redirect to the article's new address.
  const old = '/2018/04/20/%d9%85%d8%b9%d8%b1%d8%b6-%d8%a7%d9%84%d9%83%d8%aa%d8%a7%d8%a8/';
  const res = await get(srv.url, old);
  assert.equal(res.status, 301);
  const to = decodeURIComponent(res.headers.get('location'));
  assert.match(to, new RegExp(`/a/${fair.id}/معرض-الكتاب$`));
  const page = await get(srv.url, `/a/${fair.id}/${encodeURIComponent('معرض-الكتاب')}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /افتتاح معرض دمشق الدولي للكتاب/);
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('bad files: a clear error each, the others imported, nothing half-written', () => {
  const t = fresh();
  const dir = join(t.dir, 'in');
  mkdirSync(dir);
  copyFileSync(join(FIX, 'wxr', 'truncated.xml'), join(dir, 'a-truncated.xml'));
  copyFileSync(join(FIX, 'wxr', 'invalid-utf8.xml'), join(dir, 'b-invalid-utf8.xml'));
  const binary = Buffer.alloc(64 * 1024);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
  writeFileSync(join(dir, 'c-binary.txt'), binary);
  writeFileSync(join(dir, 'd-empty.txt'), '');
  writeFileSync(join(dir, 'e-one-line.txt'), 'كلمة '.repeat(1100 * 1000));
  writeFileSync(join(dir, 'e-one-line.jsonl'), `{"title": "${'س'.repeat(6 * 1024 * 1024)}"}`);
  writeFileSync(join(dir, 'f-broken.xml.gz'), gzipSync(readFileSync(join(FIX, 'wxr', 'export.xml'))).subarray(0, 2000));
  writeFileSync(join(dir, 'g-good.jsonl'), `${JSON.stringify({ title: 'أمطار غزيرة تغمر شوارع تبوك وتعليق الدراسة غدا',
    body: 'شهدت مدينة تبوك أمطارا غزيرة.', date: '2018-04-20T09:30:00Z' })}\n`);
  const r = importing(t.db, dir);
  assert.equal(r.status, 1, 'files were not imported');
  const s = summary(r.stderr);
  assert.equal(s.imported, 1, 'the good file is imported');
  assert.equal(s.failed, 7);
  assert.match(r.stderr, /a-truncated\.xml: not imported: line \d+: the file ends in the middle of the export/);
  assert.match(r.stderr, /b-invalid-utf8\.xml: not imported: line 20: not valid UTF-8/);
  assert.match(r.stderr, /c-binary\.txt: not imported: not a text file \(binary data\)/);
  assert.match(r.stderr, /d-empty\.txt: not imported: empty file/);
  assert.match(r.stderr, /e-one-line\.txt: not imported: the first line is not a title/);
  assert.match(r.stderr, /e-one-line\.jsonl:1: skipped: a line longer than 8 MB|e-one-line\.jsonl:1: skipped: the title is longer/);
  assert.match(r.stderr, /e-one-line\.jsonl: not imported: no articles in it \(1 record skipped\)/);
  assert.match(r.stderr, /f-broken\.xml\.gz: not imported: /);
  // The truncated export had stored posts before the cut: they are gone with its batch.
  assert.deepEqual(rows(t.db, 'SELECT title FROM articles'), [{ title: 'أمطار غزيرة تغمر شوارع تبوك وتعليق الدراسة غدا' }]);
  assert.equal(sql(t.db, 'SELECT count(*) FROM categories') + sql(t.db, 'SELECT count(*) FROM comments'), '00');
  assert.equal(sql(t.db, 'SELECT count(*) FROM search_docs'), '1');
  t.done();
});

test('jsonl: a bad record is skipped with its line and reason, nothing of it left; no date or no text makes a draft', () => {
  const t = fresh();
  const rec = (fields) => JSON.stringify({ body: 'نص الخبر كما ورد من المراسل.', date: '2018-04-20T09:30:00Z', ...fields });
  const lines = [
    rec({ url: 'https://x.example/1', title: 'خبر سليم أول', category: 'اقتصاد' }),
    rec({ url: 'https://x.example/2', title: 'حالة مجهولة', status: 'archived', category: 'قسم مرفوض', author: 'كاتب مرفوض',
      topics: ['موضوع مرفوض'], comments: [{ name: 'قارئ', body: 'تعليق على خبر مرفوض' }], old_path: '/old/2/' }),
    rec({ url: 'https://x.example/3', title: 'تاريخ بالكلمات', date: 'أمس', category: 'قسم مرفوض' }),
    rec({ url: 'https://x.example/4', title: 'تاريخ مستحيل', date: '9999-99-99' }),
    rec({ url: 'https://x.example/5', title: 'تاريخ ليس نصا', date: { year: 2018 } }),
    rec({ url: 'https://x.example/6', title: 'خبر بلا نص', body: '' }),
    rec({ url: 'https://x.example/7', title: 'خبر بلا تاريخ', date: null }),
    rec({ url: 'https://x.example/8', title: 'مسودة بلا تاريخ', date: undefined, status: 'draft' }),
    rec({ url: 'https://x.example/9', title: 'خبر سليم أخير' }),
  ];
  const file = join(t.dir, 'mixed.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = importing(t.db, file);
  assert.equal(r.status, 0, 'skipped records are reported; the file is imported');
  assert.match(r.stderr, /mixed\.jsonl:2: skipped: unknown status "archived" \(draft, review, scheduled, published or unpublished\)/);
  assert.match(r.stderr, /mixed\.jsonl:3: skipped: the date "أمس" cannot be read/);
  assert.match(r.stderr, /mixed\.jsonl:4: skipped: the date "9999-99-99" cannot be read/);
  assert.match(r.stderr, /mixed\.jsonl:5: skipped: the date "\{"year": 2018\}" cannot be read/);
  assert.match(r.stderr, /mixed\.jsonl:6: imported as a draft: no text/);
  assert.match(r.stderr, /mixed\.jsonl:7: imported as a draft: no date/);
  assert.ok(!/mixed\.jsonl:8:/.test(r.stderr), 'a draft by its own status is nothing to say');
  assert.ok(!r.stderr.includes('database error'));
  assert.deepEqual(summary(r.stderr), { files: 1, imported: 5, updated: 0, unchanged: 0, duplicates: 0, skipped: 4, failed: 0 });
  assert.match(r.stderr, /, 2 made drafts \(no date or no text\)/);
  // Nothing of a skipped record was written: no category, author, topic, comment or redirect.
  assert.deepEqual(rows(t.db, 'SELECT import_key, status FROM articles ORDER BY id').map((a) => `${a.import_key} ${a.status}`),
    ['https://x.example/1 published', 'https://x.example/6 draft', 'https://x.example/7 draft', 'https://x.example/8 draft',
      'https://x.example/9 published']);
  assert.equal(sql(t.db, "SELECT group_concat(name) FROM categories"), 'اقتصاد');
  assert.equal(sql(t.db, "SELECT count(*) FROM users") + sql(t.db, 'SELECT count(*) FROM topics') +
    sql(t.db, 'SELECT count(*) FROM comments') + sql(t.db, 'SELECT count(*) FROM redirects'), '0000');
  assert.equal(sql(t.db, "SELECT count(*) FROM articles WHERE status = 'published' AND published_at > strftime('%s', '2019-01-01')"), '0',
    'nothing published with the time of the import');

  // An editor dates and publishes the undated one; importing it again keeps that unless the
  // record says otherwise, even when its text changed.
  sql(t.db, `UPDATE articles SET status = 'published', published_at = 1500000000 WHERE import_key = 'https://x.example/7'`);
  const edited = join(t.dir, 'edited.jsonl');
  writeFileSync(edited, lines[6].replace('كما ورد', 'كما عُدّل') + '\n');
  const again = importing(t.db, edited);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(summary(again.stderr).updated, 1);
  assert.deepEqual(rows(t.db, "SELECT status, published_at FROM articles WHERE import_key = 'https://x.example/7'"),
    [{ status: 'published', published_at: 1500000000 }]);
  t.done();
});

test('a file cut short, an empty file, a missing path, an empty folder: exit 1 and a clear message each', () => {
  const t = fresh();
  const records = Array.from({ length: 200 }, (_, i) => JSON.stringify({ url: `https://cut.example/${i}`, title: `خبر رقم ${i}`,
    body: `نص الخبر رقم ${i} `.repeat(40), date: '2018-04-20T09:30:00Z' })).join('\n') + '\n';
  const gz = gzipSync(Buffer.from(records));
  const rain = gzipSync(readFileSync(join(FIX, 'text', 'tabuk-rain.txt')));
  mkdirSync(join(t.dir, 'nothing'));
  writeFileSync(join(t.dir, 'nothing', 'README.md'), 'not an archive\n');
  const cases = [
    ['cut.jsonl.gz', gz.subarray(0, gz.length >> 1), /cut\.jsonl\.gz: not imported: the compressed file is cut short \(truncated gzip\)/],
    ['cut.jsonl', Buffer.from(records).subarray(0, records.length >> 1),
      /cut\.jsonl: not imported: line \d+: the file ends in the middle of a record \(cut short\)/],
    ['rain.txt.gz', rain.subarray(0, rain.length - 12), /rain\.txt\.gz: not imported: the compressed file is cut short/],
    ['empty.jsonl', Buffer.alloc(0), /empty\.jsonl: not imported: no articles in it/],
    ['empty.jsonl.gz', gzipSync(Buffer.alloc(0)), /empty\.jsonl\.gz: not imported: no articles in it/],
    ['missing.jsonl', null, /missing\.jsonl: not imported: No such file or directory/],
    ['nothing', null, /nothing: not imported: no files to import in it/],
  ];
  for (const [name, bytes, message] of cases) {
    const path = join(t.dir, name);
    if (bytes) writeFileSync(path, bytes);
    const r = importing(t.db, path);
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message, name);
    assert.equal(summary(r.stderr).failed, 1, name);
    assert.equal(sql(t.db, 'SELECT count(*) FROM articles'), '0', `${name}: nothing written`);
  }
  // Whole files without a final newline are whole.
  const whole = join(t.dir, 'whole.jsonl');
  writeFileSync(whole, records.trimEnd());
  const r = importing(t.db, whole);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(summary(r.stderr).imported, 200);
  t.done();
});

test('the same rules for WordPress exports and HTML pages: unreadable dates skipped, no date or no text a draft', () => {
  const t = fresh();
  const item = (id, title, { gmt = '2018-04-20 12:00:00', local = '2018-04-20 15:00:00', content = '<p>نص المقال.</p>', status = 'publish' } = {}) => `
    <item><title>${title}</title><link>https://wp.example/?p=${id}</link><guid isPermaLink="false">https://wp.example/?p=${id}</guid>
      <content:encoded><![CDATA[${content}]]></content:encoded><wp:post_id>${id}</wp:post_id>
      <wp:post_date>${local}</wp:post_date><wp:post_date_gmt>${gmt}</wp:post_date_gmt>
      <wp:status>${status}</wp:status><wp:post_type>post</wp:post_type></item>`;
  const wxr = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>موقع</title><wp:wxr_version>1.2</wp:wxr_version>
${item(1, 'منشور سليم')}
${item(2, 'تاريخ غير مفهوم', { gmt: '0000-00-00 00:00:00', local: 'الأحد الماضي' })}
${item(3, 'منشور فارغ', { content: '' })}
${item(4, 'مسودة لم تحفظ', { gmt: '0000-00-00 00:00:00', local: '0000-00-00 00:00:00', status: 'draft' })}
</channel></rss>`;
  writeFileSync(join(t.dir, 'site.xml'), wxr);
  const w = importing(t.db, join(t.dir, 'site.xml'));
  assert.equal(w.status, 0, w.stderr);
  assert.match(w.stderr, /site\.xml:\d+: skipped: the date "الأحد الماضي" cannot be read/);
  assert.match(w.stderr, /site\.xml:\d+: imported as a draft: no text/);
  assert.deepEqual(rows(t.db, 'SELECT title, status FROM articles ORDER BY id').map((a) => `${a.title} ${a.status}`),
    ['منشور سليم published', 'منشور فارغ draft', 'مسودة لم تحفظ draft']);

  const page = (name, date) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>خبر من صفحة ${name}</title>
    ${date ? `<meta property="article:published_time" content="${date}">` : ''}</head>
    <body><article><h1>خبر من صفحة ${name}</h1><p>${`فقرة طويلة من نص الخبر ${name} المحفوظ في الصفحة. `.repeat(8)}</p>
    <p>${'فقرة ثانية من النص نفسه بكلمات أخرى. '.repeat(8)}</p></article></body></html>`;
  writeFileSync(join(t.dir, 'a-dated.html'), page('مؤرخة', '2024-03-05T09:30:00+03:00'));
  writeFileSync(join(t.dir, 'b-yesterday.html'), page('الأمس', 'أمس'));
  writeFileSync(join(t.dir, 'c-undated.html'), page('بلا تاريخ', null));
  const h = importing(t.db, join(t.dir, 'a-dated.html'), join(t.dir, 'b-yesterday.html'), join(t.dir, 'c-undated.html'));
  assert.match(h.stderr, /b-yesterday\.html:1: skipped: the date "أمس" cannot be read/);
  assert.match(h.stderr, /b-yesterday\.html: not imported: no articles in it \(1 record skipped\)/);
  assert.match(h.stderr, /c-undated\.html:1: imported as a draft: no date/);
  assert.equal(h.status, 1, 'the page of no usable article is a file not imported');
  assert.equal(sql(t.db, "SELECT count(*) FROM articles WHERE status = 'published' AND published_at = strftime('%s', '2024-03-05T06:30:00')"), '1');
  assert.equal(sql(t.db, "SELECT count(*) FROM articles WHERE title LIKE 'خبر من صفحة%'"), '2');
  t.done();
});

// What a database holds, as export writes it: the comparison of a round trip.
const exported = (db, format) => {
  const r = sahifa(['export', '--db', db, '--format', format]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test('a comment whose date cannot be read, or that has none, is left out with its line; never dated now', () => {
  const t = fresh();
  const comment = (n, date) => ({ key: `c${n}`, name: 'قارئ', body: `تعليق رقم ${n}`, date });
  const lines = [
    JSON.stringify({ url: 'https://x.example/c1', title: 'خبر بتعليقات', body: 'نص الخبر.', date: '2018-04-20T09:30:00Z',
      comments: [comment(1, '2018-04-20T10:00:00Z'), comment(2, 'أمس'), comment(3, '9999-99-99'), comment(4, { day: 1 }),
        comment(5), { ...comment(6, '2018-04-20T11:00:00Z'), parent: 'c2' }] }),
  ];
  const file = join(t.dir, 'comments.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  // The export's comment 202, which a reply (204) answers, with a date WordPress never wrote.
  const wxr = readFileSync(join(FIX, 'wxr', 'export.xml'), 'utf8')
    .replace('<wp:comment_date><![CDATA[2018-04-20 17:10:00]]></wp:comment_date>', '<wp:comment_date><![CDATA[الأمس]]></wp:comment_date>')
    .replace('<wp:comment_date_gmt><![CDATA[2018-04-20 14:10:00]]></wp:comment_date_gmt>', '<wp:comment_date_gmt><![CDATA[]]></wp:comment_date_gmt>');
  writeFileSync(join(t.dir, 'export.xml'), wxr);
  const r = importing(t.db, file, join(t.dir, 'export.xml'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /comments\.jsonl:1: comment 2 skipped: the date "أمس" cannot be read/);
  assert.match(r.stderr, /comments\.jsonl:1: comment 3 skipped: the date "9999-99-99" cannot be read/);
  assert.match(r.stderr, /comments\.jsonl:1: comment 4 skipped: the date "\{"day": 1\}" cannot be read/);
  assert.match(r.stderr, /comments\.jsonl:1: comment 5 skipped: no date/);
  assert.match(r.stderr, /export\.xml:\d+: comment 2 skipped: the date "الأمس" cannot be read/);
  const a = article(t.db, "import_key = 'https://x.example/c1'");
  assert.equal(a.status, 'published', 'the article itself is imported');
  assert.deepEqual(rows(t.db, `SELECT body, created_at, parent_id FROM comments WHERE article_id = ${a.id} ORDER BY id`),
    [{ body: 'تعليق رقم 1', created_at: 1524218400, parent_id: null }, { body: 'تعليق رقم 6', created_at: 1524222000, parent_id: null }],
    'the dated ones, the reply to a comment left out standing on its own');
  const fair = article(t.db, "title = 'افتتاح معرض دمشق الدولي للكتاب'");
  assert.equal(sql(t.db, `SELECT count(*) FROM comments WHERE article_id = ${fair.id}`), '4', 'one of five left out');
  assert.equal(sql(t.db, `SELECT count(*) FROM comments WHERE article_id = ${fair.id} AND parent_id IS NOT NULL`), '0');
  assert.equal(sql(t.db, "SELECT count(*) FROM comments WHERE created_at > strftime('%s', '2019-01-01')"), '0',
    'no comment has the time of the import');
  t.done();
});

test('export then import into an empty database gives the same articles, categories, topics and comments', () => {
  const t = fresh();
  const src = join(t.dir, 'demo.db');
  assert.equal(sahifa(['init', '--db', src, '--demo']).status, 0);
  // With a WordPress site's posts too: replies, drafts, an article in review.
  assert.equal(importing(src, join(FIX, 'wxr', 'export.xml')).status, 0);
  const counts = (db) => rows(db, `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM categories) AS categories,
    (SELECT count(*) FROM topics) AS topics, (SELECT count(*) FROM article_topics) AS tagged, (SELECT count(*) FROM comments) AS comments,
    (SELECT count(*) FROM comments WHERE parent_id IS NOT NULL) AS replies, (SELECT count(DISTINCT status) FROM comments) AS statuses`)[0];
  for (const format of ['jsonl', 'wxr']) {
    const file = join(t.dir, `site.${format}`);
    const before = exported(src, format);
    writeFileSync(file, before);
    const db = join(t.dir, `${format}.db`);
    assert.equal(sahifa(['init', '--db', db]).status, 0);
    const r = importing(db, file);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(counts(db), counts(src), `${format}: the same numbers`);
    assert.ok(counts(db).replies > 0 && counts(db).statuses > 1, 'replies and held comments are in the demo');
    // Every article with its fields, category, topics, author and comments, as JSON Lines.
    assert.equal(exported(db, 'jsonl'), exported(src, 'jsonl'), `${format}: the copy exports as the original`);
    if (format === 'wxr') {
      const cats = (d) => rows(d, 'SELECT slug, name, description FROM categories ORDER BY slug');
      assert.deepEqual(cats(db), cats(src), 'categories with their descriptions');
    }
    // A second import of the export changes nothing.
    assert.equal(summary(importing(db, file).stderr).unchanged, counts(src).articles);
  }
  assert.match(exported(src, 'wxr'), /^<\?xml version="1\.0" encoding="UTF-8" \?>\n<rss version="2\.0"/);
  assert.match(exported(src, 'wxr'), /<wp:wxr_version>1\.2<\/wp:wxr_version>/);
  t.done();
});

test('backup copies a database that is being served; it refuses to overwrite', async () => {
  const srv = await startServer();
  const out = join(srv.dir, 'backup.db');
  const r = sahifa(['backup', '--db', srv.db, out]);
  assert.equal(r.status, 0, r.stderr);
  const count = (db) => sql(db, 'SELECT count(*) FROM articles') + '/' + sql(db, 'SELECT count(*) FROM comments');
  assert.equal(count(out), count(srv.db));
  assert.equal(sql(out, 'PRAGMA integrity_check'), 'ok');
  const again = sahifa(['backup', '--db', srv.db, out]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /exists/);
  // The copy serves the same site.
  const copy = await startServer({ demo: false, setup: (db) => copyFileSync(out, db) });
  const home = await get(copy.url, '/');
  assert.equal(home.status, 200);
  assert.match(home.text, /مجلس النواب يبدأ مناقشة مشروع قانون الإسكان/);
  assert.equal(await copy.stop(), 0);
  copy.cleanup();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('on a terminal, one progress line redrawn (articles, articles/s, ETA); in a log, plain lines', () => {
  const t = fresh();
  const file = join(FIX, 'jsonl', 'news.jsonl');
  // util-linux's script(1) gives the command a terminal.
  const r = spawnSync('script', ['-qec', `${BIN} import --db ${t.db} ${file}`, '/dev/null'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\r\x1b\[K\d+ articles +\d+\/s +ETA \d+:\d\d/);
  assert.match(r.stdout, /3 imported/);
  const plain = importing(t.db, file);
  assert.ok(!plain.stderr.includes('\x1b'), 'no terminal codes in a log');
  assert.match(plain.stderr, /news\.jsonl: 3 articles/);
  t.done();
});

test('a re-import with new articles after a long run of known ones: the new ones are indexed and checked', () => {
  // After a run of articles already stored the reader thread stops preparing articles (their
  // index tokens and near-duplicate signatures); a new article after the run must still be
  // indexed and compared like any other. The reader runs at most a batch (4,000) ahead of the
  // writer, so articles after 5,000 known ones are surely read without preparing.
  const t = fresh();
  const words = (n, seed) => Array.from({ length: n }, (_, i) => `كلمة${(i * 7 + seed) % 97}_${seed}`).join(' ');
  const line = (i, body, title = `خبر رقم ${i}`) => JSON.stringify({ id: `reimport-${i}`, title, body, category: 'عام',
    date: '2018-04-20T09:30:00Z' });
  const known = Array.from({ length: 5000 }, (_, i) => line(i, `${words(50, i)} نهاية الخبر ${i}.`));
  const first = join(t.dir, 'first.jsonl');
  writeFileSync(first, known.join('\n') + '\n');
  assert.equal(summary(importing(t.db, first).stderr).imported, 5000);
  // The same 5,000, then a new article with a word no other has, then a wire copy of article 5
  // under another id (the same body with one word changed).
  const copy = `${words(50, 5)} نهاية الخبر 5 بتصرف.`;
  const again = join(t.dir, 'again.jsonl');
  const fresh1 = line('new-1', `${words(50, 7001)} زلزال نادر جدا.`, 'خبر جديد عن زلزال');
  writeFileSync(again, [...known, fresh1, line('new-2', copy, 'نسخة من الخبر')].join('\n') + '\n');
  const r = importing(t.db, again);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(summary(r.stderr), { files: 1, imported: 2, updated: 0, unchanged: 5000, duplicates: 1, skipped: 0, failed: 0 });
  assert.match(r.stderr, /a near-duplicate of article 6\b/);
  const found = sahifa(['search', '--db', t.db, 'زلزال']);
  assert.equal(found.status, 0);
  assert.match(found.stdout, /\/a\/5001\/خبر-جديد-عن-زلزال/);
  assert.equal(rows(t.db, "SELECT count(*) AS n FROM articles WHERE fingerprint IS NOT NULL")[0].n, 5002);
  t.done();
});
