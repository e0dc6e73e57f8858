// Feeds, sitemaps and robots.txt of the demo site, read by real consumers: Debian's
// python3-feedparser parses every feed (RSS and Atom; the site, a category, a topic, an author)
// and xmllint (libxml2-utils) checks every sitemap is well-formed and lists what it should.
// scripts/deps.sh --test installs both; a test that cannot find one says so and skips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, get, rows, sql } from '../lib/server.mjs';

// Debian's python3 first: the package installs feedparser for it, not for other Pythons.
const PYTHON = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0,
);
const XMLLINT = spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
const NO_FEEDPARSER = !PYTHON && 'skipped: python3-feedparser is not installed (scripts/deps.sh --test installs it)';
const NO_XMLLINT = !XMLLINT && 'skipped: xmllint is not installed (package libxml2-utils; scripts/deps.sh --test installs it)';

const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);

// Fetches the feed at url with feedparser (its own HTTP client, as a feed reader would) and
// returns what it understood. Titles and summaries are given as a reader shows them: feedparser
// says whether each is text or HTML, and HTML is rendered to its text (entities decoded, tags
// dropped); 'raw' keeps what feedparser returned.
const FEEDPARSER = `
import calendar, feedparser, json, sys
from html.parser import HTMLParser
class Text(HTMLParser):
  def __init__(self):
    super().__init__(convert_charrefs=True)
    self.out = []
  def handle_data(self, data):
    self.out.append(data)
def shown(value, detail):
  if value is None or not detail or detail.get('type') != 'text/html':
    return value
  p = Text()
  p.feed(value)
  p.close()
  return ''.join(p.out)
d = feedparser.parse(sys.argv[1])
t = lambda s: calendar.timegm(s) if s else None
print(json.dumps({
  'bozo': bool(d.bozo), 'error': str(d.get('bozo_exception', '')), 'version': d.version,
  'feed': {'title': shown(d.feed.get('title'), d.feed.get('title_detail')), 'link': d.feed.get('link'),
           'language': d.feed.get('language'),
           'links': [{'rel': l.get('rel'), 'href': l.get('href')} for l in d.feed.get('links', [])]},
  'entries': [{'title': shown(e.get('title'), e.get('title_detail')), 'link': e.get('link'), 'id': e.get('id'),
               'author': e.get('author'), 'tags': [g.term for g in e.get('tags', [])],
               'summary': shown(e.get('summary'), e.get('summary_detail')),
               'content': [c.value for c in e.get('content', []) if c.get('type') == 'text/html'],
               'photos': [m.get('url') for m in e.get('media_content', [])],
               'raw': {'title': e.get('title'), 'summary': e.get('summary')},
               'published': t(e.get('published_parsed')), 'updated': t(e.get('updated_parsed'))}
              for e in d.entries],
}, ensure_ascii=False))
`;
function feedparser(url) {
  const r = spawnSync(PYTHON, ['-c', FEEDPARSER, url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

// Checks the document is well-formed with xmllint and returns the text of every element with
// that local name, in order (a page's own <loc>, not the image extension's image:loc, when the
// name is "loc").
function xpath(dir, name, xml, element) {
  const file = join(dir, name);
  writeFileSync(file, xml);
  const check = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  assert.equal(check.status, 0, `${name} is well-formed: ${check.stderr}`);
  const own = element === 'loc' ? " and namespace-uri()!='http://www.google.com/schemas/sitemap-image/1.1'" : '';
  const r = spawnSync('xmllint', ['--xpath', `//*[local-name()='${element}'${own}]/text()`, file], { encoding: 'utf8' });
  // xmllint exits 10 when nothing matched.
  if (r.status === 10) return [];
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

const articleUrl = (base, a) => `${base}/a/${a.id}/${encodeURIComponent(a.slug)}`;
const seconds = (w3c) => Date.parse(w3c) / 1000;

let srv;
before(async () => {
  srv = await startServer({
    setup: (db) => {
      // Three older articles edited a day after publication (their last change is the edit), one
      // published in the future (not live yet) and a draft: neither of the last two may appear.
      sql(db, `UPDATE articles SET updated_at = published_at + ${DAY} WHERE id IN
        (SELECT id FROM articles WHERE published_at < strftime('%s','now') - 3 * ${DAY} ORDER BY id LIMIT 3)`);
      const cat = "(SELECT id FROM categories WHERE slug = 'politics')";
      sql(db, `INSERT INTO articles(slug, title, status, category_id, created_at, updated_at, published_at)
        VALUES('future', 'مقال لم يحن موعده', 'published', ${cat}, 0, 0, strftime('%s','now') + ${DAY}),
              ('draft', 'مسودة لا تنشر', 'draft', ${cat}, 0, 0, strftime('%s','now') - 60)`);
    },
  });
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

// The live articles a feed of that scope holds, newest first, with their author, category and
// topic names, as the database has them.
function expected(where = '1 = 1', limit = 30) {
  const list = rows(srv.db, `SELECT a.id, a.slug, a.title, a.dek, a.body, a.published_at, a.updated_at,
      u.name AS author, c.name AS category
    FROM articles a LEFT JOIN users u ON u.id = a.author_id LEFT JOIN categories c ON c.id = a.category_id
    WHERE a.status = 'published' AND a.published_at <= strftime('%s','now') AND ${where}
    ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit}`);
  for (const a of list) {
    const topics = rows(srv.db, `SELECT t.name FROM article_topics x JOIN topics t ON t.id = x.topic_id
      WHERE x.article_id = ${a.id} ORDER BY x.position, t.id`).map((t) => t.name);
    a.tags = [...(a.category ? [a.category] : []), ...topics];
  }
  return list;
}

// The category, topic (an Arabic slug) and author with the most live articles.
function scopes() {
  const live = "a.status = 'published' AND a.published_at <= strftime('%s','now')";
  const [c] = rows(srv.db, `SELECT c.id, c.slug, c.name FROM categories c JOIN articles a ON a.category_id = c.id
    WHERE ${live} GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`);
  const [t] = rows(srv.db, `SELECT t.id, t.slug, t.name FROM topics t JOIN article_topics x ON x.topic_id = t.id
    JOIN articles a ON a.id = x.article_id WHERE ${live} GROUP BY t.id ORDER BY count(*) DESC, t.id LIMIT 1`);
  const [u] = rows(srv.db, `SELECT u.id, u.slug, u.name FROM users u JOIN articles a ON a.author_id = u.id
    WHERE ${live} GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`);
  return [
    { path: '', page: '/', where: '1 = 1' },
    { path: `/c/${c.slug}`, page: `/c/${c.slug}`, where: `a.category_id = ${c.id}`, name: c.name },
    { path: `/t/${encodeURIComponent(t.slug)}`, page: `/t/${encodeURIComponent(t.slug)}`, name: t.name,
      where: `a.id IN (SELECT article_id FROM article_topics WHERE topic_id = ${t.id})` },
    { path: `/u/${u.slug}`, page: `/u/${u.slug}`, where: `a.author_id = ${u.id}`, name: u.name },
  ];
}

const resolved = new Set();

test('feedparser reads every feed, RSS and Atom, without complaint and with the right entries', { skip: NO_FEEDPARSER }, async () => {
  const siteName = sql(srv.db, "SELECT value FROM settings WHERE key = 'site_name'");
  for (const scope of scopes()) {
    const want = expected(scope.where);
    assert.ok(want.length >= 3, `${scope.page} has articles`);
    if (!scope.name) assert.equal(want.length, 30, 'the site feed holds the 30 newest');
    for (const [suffix, version] of [['/feed', 'rss20'], ['/feed/atom', 'atom10']]) {
      const path = scope.path + suffix;
      const d = feedparser(srv.url + path);
      assert.equal(d.bozo, false, `${path}: ${d.error}`);
      assert.equal(d.version, version, path);
      assert.equal(d.feed.title, scope.name ? `${scope.name} — ${siteName}` : siteName, path);
      assert.equal(d.feed.link, srv.url + scope.page, path);
      assert.equal(d.feed.language, 'ar', path);
      assert.ok(d.feed.links.some((l) => l.rel === 'self' && l.href === srv.url + path), `${path}: a self link`);
      assert.deepEqual(d.entries.map((e) => e.title), want.map((a) => a.title), `${path}: the newest articles, in order`);
      for (const [i, e] of d.entries.entries()) {
        const a = want[i];
        assert.equal(e.link, articleUrl(srv.url, a), `${path}: link of ${a.id}`);
        assert.equal(e.id, e.link, `${path}: the permalink is the guid/id`);
        assert.equal(e.author, a.author, `${path}: author of ${a.id}`);
        assert.deepEqual(e.tags, a.tags, `${path}: category and topics of ${a.id}`);
        assert.equal(e.summary, a.dek, `${path}: dek of ${a.id}`);
        assert.equal(e.published, a.published_at, `${path}: published of ${a.id}`);
        if (version === 'atom10') assert.equal(e.updated, Math.max(a.published_at, a.updated_at), `${path}: updated of ${a.id}`);
        assert.equal(e.content.length, 1, `${path}: the full body of ${a.id}`);
        assert.match(e.content[0], /^<(p|h2)>/, `${path}: the body as HTML`);
        const firstWords = a.body.split('\n')[0].replace(/^[#>\s]+/, '').slice(0, 40);
        assert.ok(e.content[0].includes(firstWords), `${path}: body text of ${a.id}`);
        if (!resolved.has(e.link)) {
          const res = await fetch(e.link, { redirect: 'follow' });
          assert.equal(res.status, 200, e.link);
          await res.arrayBuffer();
          resolved.add(e.link);
        }
      }
    }
  }
});

test('feeds: content types, dates in RFC 822 and RFC 3339, cache headers, ETags, nothing unpublished', async () => {
  const rss = await get(srv.url, '/feed');
  assert.equal(rss.status, 200);
  assert.equal(rss.headers.get('content-type'), 'application/rss+xml; charset=utf-8');
  assert.equal(rss.headers.get('cache-control'), 'public, max-age=300');
  assert.match(rss.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<rss version="2.0"/);
  assert.match(rss.text, /<language>ar<\/language>/);
  const rfc822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
  const pubDates = [...rss.text.matchAll(/<pubDate>([^<]*)<\/pubDate>/g)].map((m) => m[1]);
  assert.equal(pubDates.length, 30);
  for (const d of pubDates) assert.match(d, rfc822);
  const [, lastBuild] = /<lastBuildDate>([^<]*)<\/lastBuildDate>/.exec(rss.text);
  assert.match(lastBuild, rfc822);
  const newest = Number(sql(srv.db, `SELECT max(max(published_at, updated_at)) FROM articles
    WHERE status = 'published' AND published_at <= strftime('%s','now')`));
  assert.equal(Date.parse(lastBuild) / 1000, newest, 'lastBuildDate is the latest change');
  assert.match(rss.text, /<dc:creator>/);

  const atom = await get(srv.url, '/feed/atom');
  assert.equal(atom.status, 200);
  assert.equal(atom.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  assert.match(atom.text, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="ar"/);
  assert.match(atom.text, /<content type="html">&lt;p&gt;/);
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
  const stamps = [...atom.text.matchAll(/<(updated|published)>([^<]*)<\/\1>/g)].map((m) => m[2]);
  assert.equal(stamps.length, 1 + 2 * 30);
  for (const s of stamps) assert.match(s, rfc3339);

  for (const text of [rss.text, atom.text]) {
    assert.ok(!text.includes('مقال لم يحن موعده'), 'an article published in the future is not in a feed yet');
    assert.ok(!text.includes('مسودة لا تنشر'), 'a draft is not in a feed');
  }
  const again = await get(srv.url, '/feed/atom', { headers: { 'If-None-Match': atom.headers.get('etag') } });
  assert.equal(again.status, 304);
});

test('feeds carry titles, deks, names and categories as text, never as markup; the body stays HTML', { skip: NO_FEEDPARSER }, async () => {
  // Everything a reader could mistake for markup, in every text field a feed carries.
  const hostile = (what) => `${what} <script>alert(1)</script> <b>x</b> &amp; AT&T 'q' "qq" < >`;
  const s = await startServer({
    setup: (db) => {
      const q = (text) => `'${text.replaceAll("'", "''")}'`;
      sql(db, `INSERT INTO categories(slug, name, created_at) VALUES('hostile', ${q(hostile('قسم'))}, 0);
        INSERT INTO topics(slug, name, created_at) VALUES('hostile-topic', ${q(hostile('موضوع'))}, 0);
        INSERT INTO users(slug, name, created_at) VALUES('hostile-writer', ${q(hostile('كاتب'))}, 0);
        INSERT INTO articles(slug, title, dek, body, status, category_id, author_id, created_at, updated_at, published_at)
          VALUES('hostile', ${q(hostile('عنوان'))}, ${q(hostile('ملخص'))},
            ${q('فقرة **بخط عريض** و<script>alert(2)</script> و&amp;.')}, 'published',
            (SELECT id FROM categories WHERE slug = 'hostile'), (SELECT id FROM users WHERE slug = 'hostile-writer'),
            0, strftime('%s','now'), strftime('%s','now'));
        INSERT INTO article_topics(article_id, topic_id) SELECT a.id, t.id FROM articles a, topics t
          WHERE a.slug = 'hostile' AND t.slug = 'hostile-topic'`);
    },
  });
  try {
    for (const path of ['/feed', '/feed/atom', '/c/hostile/feed', '/c/hostile/feed/atom']) {
      const d = feedparser(s.url + path);
      assert.equal(d.bozo, false, `${path}: ${d.error}`);
      const e = d.entries.find((x) => x.link.includes('/hostile'));
      assert.ok(e, `${path}: the article is in the feed`);
      assert.equal(e.title, hostile('عنوان'), `${path}: the title as written (feedparser gave ${JSON.stringify(e.raw.title)})`);
      assert.equal(e.summary, hostile('ملخص'), `${path}: the dek as written (feedparser gave ${JSON.stringify(e.raw.summary)})`);
      assert.equal(e.author, hostile('كاتب'), `${path}: the byline as written`);
      assert.deepEqual(e.tags, [hostile('قسم'), hostile('موضوع')], `${path}: category and topic as written`);
      if (path.startsWith('/c/')) assert.ok(d.feed.title.startsWith(`${hostile('قسم')} — `), `${path}: the feed's title`);
      assert.equal(e.content.length, 1, path);
      assert.match(e.content[0], /<strong>بخط عريض<\/strong>/, `${path}: the body's HTML stays HTML`);
      assert.ok(e.content[0].includes('&lt;script&gt;alert(2)&lt;/script&gt;'), `${path}: text in the body that looks like a tag is text`);
      assert.ok(!/<script/i.test(e.content[0]), path);
    }
    // The raw RSS: titles and descriptions HTML-escaped inside XML; categories and bylines in
    // the RSS Best Practices Profile's character references.
    const rss = (await get(s.url, '/c/hostile/feed')).text;
    assert.ok(rss.includes('<description>ملخص &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;'), rss);
    assert.ok(rss.includes('<category>قسم &#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;'), rss);
    assert.ok(rss.includes('&#x26;amp; AT&#x26;T'), rss);
  } finally {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
});

test('a feed for an unknown category, topic or author is 404', async () => {
  for (const path of ['/c/no-such-category/feed', '/c/no-such-category/feed/atom', `/t/${encodeURIComponent('لا-يوجد')}/feed`,
    `/t/${encodeURIComponent('لا-يوجد')}/feed/atom`, '/u/nobody/feed', '/u/nobody/feed/atom', '/feed/rss', '/c/politics/feed/x']) {
    const res = await get(srv.url, path);
    assert.equal(res.status, 404, path);
  }
});

test('sitemaps: the index, the articles, categories and topics, each well-formed (xmllint) and complete', { skip: NO_XMLLINT }, async () => {
  const live = "a.status = 'published' AND a.published_at <= strftime('%s','now')";
  const articles = rows(srv.db, `SELECT id, slug, max(published_at, updated_at) AS lastmod, updated_at > published_at AS edited
    FROM articles a WHERE ${live} ORDER BY published_at DESC, id DESC`);
  const taxonomy = (joined) => rows(srv.db, `SELECT x.slug, max(a.published_at) AS lastmod FROM ${joined}
    WHERE ${live} GROUP BY x.id`);
  const categories = taxonomy('categories x JOIN articles a ON a.category_id = x.id');
  const topics = taxonomy('topics x JOIN article_topics j ON j.topic_id = x.id JOIN articles a ON a.id = j.article_id');
  const newest = (list) => Math.max(...list.map((r) => r.lastmod));

  const fetchXml = async (path) => {
    const res = await get(srv.url, path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8', path);
    assert.match(res.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n/, path);
    return res.text;
  };
  const index = await fetchXml('/sitemap.xml');
  assert.match(index, /<sitemapindex xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
  assert.deepEqual(xpath(srv.dir, 'index.xml', index, 'loc'),
    ['/sitemap-articles-1.xml', '/sitemap-categories.xml', '/sitemap-topics.xml'].map((p) => srv.url + p));
  assert.deepEqual(xpath(srv.dir, 'index.xml', index, 'lastmod').map(seconds),
    [newest(articles), newest(categories), newest(topics)]);

  const urlset = await fetchXml('/sitemap-articles-1.xml');
  const locs = xpath(srv.dir, 'articles-1.xml', urlset, 'loc');
  assert.deepEqual(locs, articles.map((a) => articleUrl(srv.url, a)), 'every live article once, newest first');
  assert.deepEqual(xpath(srv.dir, 'articles-1.xml', urlset, 'lastmod').map(seconds), articles.map((a) => a.lastmod),
    'lastmod: the later of publication and last edit');
  assert.equal(articles.filter((a) => a.edited).length, 3, 'three of them were edited after publication');
  assert.equal((await get(srv.url, '/sitemap-articles-2.xml')).status, 404, 'past the last file');

  for (const [path, list, prefix] of [['/sitemap-categories.xml', categories, '/c/'], ['/sitemap-topics.xml', topics, '/t/']]) {
    const xml = await fetchXml(path);
    const got = xpath(srv.dir, `${prefix[1]}.xml`, xml, 'loc');
    const lastmods = xpath(srv.dir, `${prefix[1]}.xml`, xml, 'lastmod').map(seconds);
    const want = new Map(list.map((r) => [`${srv.url}${prefix}${encodeURIComponent(r.slug)}`, r.lastmod]));
    assert.equal(got.length, want.size, `${path}: each once`);
    assert.deepEqual(new Map(got.map((loc, i) => [loc, lastmods[i]])), want, `${path}: pages and their newest article`);
    for (const loc of got.slice(0, 3)) assert.equal((await fetch(loc)).status, 200, loc);
  }
  for (const path of ['/sitemap-articles-0.xml', '/sitemap-articles-01.xml', '/sitemap-articles-x.xml', '/sitemap-articles-.xml',
    '/sitemap-articles-99999999999.xml']) {
    assert.equal((await get(srv.url, path)).status, 404, path);
  }
});

test('the news sitemap lists the articles of the last two days with name, language, date and title', { skip: NO_XMLLINT }, async () => {
  const res = await get(srv.url, '/sitemap-news.xml');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
  assert.match(res.text, /xmlns:news="http:\/\/www.google.com\/schemas\/sitemap-news\/0.9"/);
  const recent = rows(srv.db, `SELECT id, slug, title, published_at FROM articles WHERE status = 'published'
    AND published_at <= strftime('%s','now') AND published_at >= strftime('%s','now') - 2 * ${DAY}
    ORDER BY published_at DESC, id DESC`);
  const total = Number(sql(srv.db, "SELECT count(*) FROM articles WHERE status = 'published'"));
  assert.ok(recent.length >= 5 && recent.length < total, `the demo has some (${recent.length}) but not all articles in the last two days`);
  const x = (element) => xpath(srv.dir, 'news.xml', res.text, element);
  assert.deepEqual(x('loc'), recent.map((a) => articleUrl(srv.url, a)));
  assert.deepEqual(x('title'), recent.map((a) => a.title));
  assert.deepEqual(x('publication_date').map(seconds), recent.map((a) => a.published_at));
  const siteName = sql(srv.db, "SELECT value FROM settings WHERE key = 'site_name'");
  assert.deepEqual(x('name'), recent.map(() => siteName));
  assert.deepEqual(x('language'), recent.map(() => 'ar'));
  assert.ok(!res.text.includes('مقال لم يحن موعده'));
});

test('robots.txt names both sitemaps and keeps crawlers out of the newsroom and the API', async () => {
  const res = await get(srv.url, '/robots.txt');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  const lines = res.text.split('\n');
  for (const line of ['User-agent: *', 'Disallow: /admin/', 'Disallow: /api/', `Sitemap: ${srv.url}/sitemap.xml`,
    `Sitemap: ${srv.url}/sitemap-news.xml`]) {
    assert.ok(lines.includes(line), line);
  }
});

test('with site_url set, feeds and sitemaps use it whatever the Host header says', async () => {
  const s = await startServer({
    setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES('site_url', 'https://news.example/')"),
  });
  try {
    const headers = { Host: 'evil.example' };
    const rss = await get(s.url, '/feed', { headers });
    assert.match(rss.text, /<link>https:\/\/news.example\/<\/link>/);
    assert.match(rss.text, /<atom:link rel="self" type="application\/rss\+xml" href="https:\/\/news.example\/feed"\/>/);
    assert.ok(!rss.text.includes('evil.example'));
    const index = await get(s.url, '/sitemap.xml', { headers });
    assert.match(index.text, /<loc>https:\/\/news.example\/sitemap-articles-1.xml<\/loc>/);
    const robots = await get(s.url, '/robots.txt', { headers });
    assert.ok(robots.text.includes('Sitemap: https://news.example/sitemap.xml\n'));
  } finally {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
});

test('feed_full_body = 0: feeds carry the summary and the link, not the body', { skip: NO_FEEDPARSER }, async () => {
  const s = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES('feed_full_body', '0')") });
  try {
    for (const path of ['/feed', '/feed/atom', '/c/politics/feed', '/c/politics/feed/atom']) {
      const raw = await get(s.url, path);
      assert.equal(raw.status, 200, path);
      assert.ok(!raw.text.includes('content:encoded') && !raw.text.includes('<content'), `${path}: no body`);
      const d = feedparser(s.url + path);
      assert.equal(d.bozo, false, `${path}: ${d.error}`);
      assert.ok(d.entries.length > 0, path);
      for (const e of d.entries) {
        assert.deepEqual(e.content, [], `${path}: no content`);
        assert.ok(e.summary.length > 20, `${path}: the dek as the summary`);
      }
    }
  } finally {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
});

test('article sitemaps page by 10,000: every live article exactly once, out-of-range pages 404', { skip: NO_XMLLINT }, async () => {
  // 10,050 more articles, older than the demo's, so there are two files.
  const s = await startServer({
    setup: (db) => sql(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10050)
      INSERT INTO articles(slug, title, status, created_at, updated_at, published_at)
      SELECT 'old-' || i, 'مقال من الأرشيف ' || i, 'published', 0, ${now()} - 400 * ${DAY} - i, ${now()} - 400 * ${DAY} - i FROM n`),
  });
  try {
    const articles = rows(s.db, `SELECT id, slug, max(published_at, updated_at) AS lastmod FROM articles
      WHERE status = 'published' AND published_at <= strftime('%s','now') ORDER BY published_at DESC, id DESC`);
    assert.ok(articles.length > 10000 && articles.length <= 20000);
    const index = await get(s.url, '/sitemap.xml');
    assert.deepEqual(xpath(s.dir, 'index.xml', index.text, 'loc').slice(0, 3),
      [`${s.url}/sitemap-articles-1.xml`, `${s.url}/sitemap-articles-2.xml`, `${s.url}/sitemap-categories.xml`]);
    const first = await get(s.url, '/sitemap-articles-1.xml');
    const second = await get(s.url, '/sitemap-articles-2.xml');
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const one = xpath(s.dir, 'a1.xml', first.text, 'loc');
    const two = xpath(s.dir, 'a2.xml', second.text, 'loc');
    assert.equal(one.length, 10000);
    assert.deepEqual([...one, ...two], articles.map((a) => articleUrl(s.url, a)), 'each once, newest first');
    assert.deepEqual(xpath(s.dir, 'index.xml', index.text, 'lastmod').slice(0, 2).map(seconds),
      [Math.max(...articles.slice(0, 10000).map((a) => a.lastmod)), Math.max(...articles.slice(10000).map((a) => a.lastmod))]);
    assert.equal((await get(s.url, '/sitemap-articles-3.xml')).status, 404);
  } finally {
    assert.equal(await s.stop(), 0);
    s.cleanup();
  }
});
