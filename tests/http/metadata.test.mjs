// What every public page's <head> says about it, over HTTP against the real binary: title,
// description, canonical URL (absolute; Arabic as written), robots, feed links, OpenGraph,
// Twitter card and, on article pages, the NewsArticle JSON-LD, checked against the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { Session, addUser } from '../lib/admin.mjs';

const LOGO = '/static/logo.png';
const IMAGE = '/media/صورة-الغلاف.jpg';
// A title that would end the JSON-LD's <script> if it were printed as it is.
const NASTY = `عاجل </script><script>alert(1)</script> & "اقتباس" 'مفرد' <!-- تعليق`;
const NASTY_DEK = 'سطر\u2028فاصل\u2029فقرة </SCRIPT > & <b>';

// Published articles with an author, a category and topics, oldest id first.
const WITH_EVERYTHING = `SELECT a.id FROM articles a WHERE a.status = 'published' AND a.author_id IS NOT NULL
  AND a.category_id IS NOT NULL AND EXISTS (SELECT 1 FROM article_topics x WHERE x.article_id = a.id) ORDER BY a.id`;

let srv, site, origin;
before(async () => {
  srv = await startServer({
    setup: (db) => {
      // Two articles a page (so categories have a page 2), a logo, and an image on one article.
      sql(db, `INSERT INTO settings(key, value) VALUES('per_page', '2'), ('site_logo', '${LOGO}')`);
      // (image_id cleared: the demo gives some stories a featured photo, which would come first.)
      sql(db, `UPDATE articles SET image_url = '${IMAGE}', image_id = NULL WHERE id = (${WITH_EVERYTHING} LIMIT 1)`);
      sql(db, `UPDATE articles SET image_url = 'javascript:alert(1)' WHERE id = (${WITH_EVERYTHING} LIMIT 1 OFFSET 1)`);
    },
  });
  site = Object.fromEntries(rows(srv.db, 'SELECT key, value FROM settings').map((s) => [s.key, s.value]));
  origin = srv.url; // no site_url: the origin comes from the Host header, 127.0.0.1:PORT
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const decode = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]);

// The <head>'s tags, read as a browser reads them: names, attributes (entities decoded), text.
function head(html) {
  const end = html.indexOf('</head>');
  assert.ok(end > 0, 'a head');
  const h = html.slice(0, end);
  const tags = [...h.matchAll(/<(meta|link)\s([^>]*)>/g)].map((m) => ({
    tag: m[1],
    ...Object.fromEntries([...m[2].matchAll(/([a-z:-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2])])),
  }));
  const title = /<title>([^<]*)<\/title>/.exec(h);
  const metas = (key) => tags.filter((t) => t.tag === 'meta' && (t.name === key || t.property === key)).map((t) => t.content);
  const meta = (key) => {
    const all = metas(key);
    assert.ok(all.length <= 1, `at most one ${key}`);
    return all[0];
  };
  const links = (rel) => tags.filter((t) => t.tag === 'link' && t.rel === rel);
  return { title: title && decode(title[1]), metas, meta, links, canonical: links('canonical').map((l) => l.href) };
}

// The script elements of a document as the HTML tokenizer splits them: a script's text ends at
// the first "</script" followed by whitespace, "/" or ">", whatever the text means to JSON.
function scripts(html) {
  const out = [];
  const open = /<script\b([^>]*)>/gi;
  let m;
  while ((m = open.exec(html))) {
    const rest = html.slice(open.lastIndex);
    const close = /<\/script[\s/>]/i.exec(rest);
    const text = close ? rest.slice(0, close.index) : rest;
    out.push({ attrs: m[1], text });
    open.lastIndex += text.length;
  }
  return out;
}

function jsonLd(html) {
  // The site's own scripts come from /static/; the one inline script is the JSON-LD.
  const all = scripts(html).filter((s) => !/^ src="\/static\/[a-z]+\.[0-9a-f]{8}\.js" defer$/.test(s.attrs));
  assert.equal(all.length, 1, 'exactly one inline script element: the JSON-LD');
  assert.match(all[0].attrs, /type="application\/ld\+json"/);
  assert.ok(!/[<>&\u2028\u2029]/.test(all[0].text), 'no < > & U+2028 U+2029 in the script text');
  return JSON.parse(all[0].text);
}

// What every page has: the site's name, locale, feeds, a Twitter card.
function common(h, { title, description }) {
  assert.equal(h.meta('og:site_name'), site.site_name);
  assert.equal(h.meta('og:locale'), 'ar_AR');
  assert.equal(h.meta('og:title'), title);
  assert.equal(h.meta('twitter:title'), title);
  assert.equal(h.meta('description'), description);
  assert.equal(h.meta('og:description'), description);
  assert.equal(h.meta('twitter:description'), description);
  const feeds = h.links('alternate');
  assert.deepEqual(feeds.slice(0, 2).map((f) => [f.type, f.href, f.title]), [
    ['application/rss+xml', '/feed', site.site_name],
    ['application/atom+xml', '/feed/atom', `${site.site_name} (Atom)`],
  ]);
  return feeds.slice(2);
}

// An indexable page: an absolute canonical link, og:url the same, no robots.
function indexed(h, path) {
  assert.deepEqual(h.canonical, [origin + path]);
  assert.equal(h.meta('og:url'), origin + path);
  assert.equal(h.meta('robots'), undefined);
}

// A page not to be indexed: noindex, no canonical, no og:url, no JSON-LD.
function notIndexed(h, html) {
  assert.equal(h.meta('robots'), 'noindex');
  assert.deepEqual(h.canonical, []);
  assert.equal(h.meta('og:url'), undefined);
  assert.equal(scripts(html).length, 0);
}

function websiteNoImage(h) {
  assert.equal(h.meta('og:type'), 'website');
  assert.equal(h.meta('og:image'), undefined);
  assert.equal(h.meta('twitter:card'), 'summary');
  assert.deepEqual(h.metas('article:published_time'), []);
}

function article(id, db = srv.db) {
  const [a] = rows(db, `SELECT a.id, a.slug, a.title, a.dek, a.image_url, a.published_at, a.updated_at,
      c.name AS category, u.name AS author, u.slug AS author_slug
    FROM articles a LEFT JOIN categories c ON c.id = a.category_id LEFT JOIN users u ON u.id = a.author_id WHERE a.id = ${id}`);
  a.topics = rows(db, `SELECT t.name FROM article_topics x JOIN topics t ON t.id = x.topic_id
    WHERE x.article_id = ${id} ORDER BY x.position, t.id`).map((t) => t.name);
  return a;
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;
const same = (text, seconds) => {
  assert.match(text, RFC3339);
  assert.equal(Date.parse(text), seconds * 1000);
};

// Every OpenGraph, Twitter and JSON-LD field of an article page, from the database.
function checkArticle(html, a, base = origin) {
  const path = `/a/${a.id}/${a.slug}`;
  const url = base + path;
  const h = head(html);
  assert.equal(h.title, `${a.title} — ${site.site_name}`);
  assert.deepEqual(h.canonical, [url]);
  assert.equal(h.meta('og:url'), url);
  assert.equal(h.meta('og:type'), 'article');
  assert.equal(h.meta('og:title'), a.title);
  assert.equal(h.meta('description'), a.dek);
  same(h.meta('article:published_time'), a.published_at);
  same(h.meta('article:modified_time'), Math.max(a.published_at, a.updated_at));
  assert.equal(h.meta('article:section'), a.category);
  assert.deepEqual(h.metas('article:tag'), a.topics);
  assert.equal(h.meta('article:author'), `${base}/u/${a.author_slug}`);
  const image = a.image_url?.startsWith('/') ? base + a.image_url : undefined;
  assert.equal(h.meta('og:image'), image);
  assert.equal(h.meta('twitter:card'), image ? 'summary_large_image' : 'summary');

  const ld = jsonLd(html);
  const expected = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    datePublished: ld.datePublished,
    dateModified: ld.dateModified,
    inLanguage: 'ar',
    mainEntityOfPage: url,
    url,
    description: a.dek,
    author: { '@type': 'Person', name: a.author, url: `${base}/u/${a.author_slug}` },
    publisher: {
      '@type': 'Organization', name: site.site_name, url: `${base}/`,
      ...(site.site_logo ? { logo: { '@type': 'ImageObject', url: base + site.site_logo } } : {}),
    },
    articleSection: a.category,
    keywords: a.topics,
    ...(image ? { image } : {}),
  };
  assert.deepEqual(ld, expected);
  same(ld.datePublished, a.published_at);
  same(ld.dateModified, Math.max(a.published_at, a.updated_at));
  return { h, ld };
}

test('home: the site name and tagline, its description, canonical /, the site feeds', async () => {
  const res = await get(srv.url, '/');
  assert.equal(res.status, 200);
  const h = head(res.text);
  assert.equal(h.title, `${site.site_name} — ${site.site_tagline}`);
  assert.deepEqual(common(h, { title: site.site_name, description: site.site_description }), []);
  indexed(h, '/');
  websiteNoImage(h);
  assert.equal(scripts(res.text).length, 0, 'no JSON-LD on the home page');
});

test('article: title, dek, Arabic canonical IRI, OpenGraph article:*, image, and JSON-LD matching the database', async () => {
  const [{ id }] = rows(srv.db, `${WITH_EVERYTHING} LIMIT 1`);
  const a = article(id);
  assert.equal(a.image_url, IMAGE);
  assert.match(a.slug, /[\u0600-\u06ff]/, 'the demo has Arabic slugs');
  const res = await get(srv.url, `/a/${a.id}/${encodeURIComponent(a.slug)}`);
  assert.equal(res.status, 200);
  const { h, ld } = checkArticle(res.text, a);
  // The canonical URL is a valid IRI with the Arabic as written, the same address as the URI.
  assert.ok(!h.canonical[0].includes('%'), 'Arabic as written, not percent-encoded');
  assert.equal(new URL(h.canonical[0]).href, `${origin}/a/${a.id}/${encodeURIComponent(a.slug)}`);
  assert.ok(res.text.includes(`<link rel="canonical" href="${origin}/a/${a.id}/${a.slug}">`));
  assert.equal(ld.image, origin + IMAGE);
  assert.equal(h.meta('og:image'), origin + IMAGE);
  assert.equal(h.meta('twitter:card'), 'summary_large_image');
  common(h, { title: a.title, description: a.dek });
});

test('an article with no usable image has no og:image and a summary card; one edited later has a later dateModified', async () => {
  const [{ id }] = rows(srv.db, `${WITH_EVERYTHING} LIMIT 1 OFFSET 1`);
  // No featured photo either (a demo story may have one), only the unusable image_url.
  sql(srv.db, `UPDATE articles SET updated_at = published_at + 3600, image_id = NULL WHERE id = ${id}`);
  const a = article(id);
  assert.equal(a.image_url, 'javascript:alert(1)');
  const res = await get(srv.url, `/a/${a.id}/${encodeURIComponent(a.slug)}`);
  const { h, ld } = checkArticle(res.text, { ...a, image_url: null });
  assert.equal(h.meta('og:image'), undefined);
  assert.equal(ld.image, undefined);
  assert.ok(!res.text.includes('javascript:'));
  same(ld.dateModified, a.published_at + 3600);
});

test('a title with </script>, & and quotes cannot break out of the JSON-LD', async () => {
  addUser(srv.db, 'meta-editor', 'editor', 'meta-password-1');
  const s = new Session(srv.url);
  await s.login('meta-editor', 'meta-password-1');
  const [cat] = rows(srv.db, "SELECT id FROM categories WHERE slug = 'politics'");
  const [author] = rows(srv.db, "SELECT id FROM users WHERE slug = 'layla-haddad'");
  const res = await s.post('/admin/articles/new', {
    title: NASTY, dek: NASTY_DEK, body: 'نص المقال.', slug: '', category: String(cat.id), topics: 'الأمن, "مواضيع" & <وسوم>',
    author: String(author.id), source: '', published_at: '', status: 'published', do: 'save',
  });
  assert.equal(res.status, 303, res.text);
  const [{ id }] = rows(srv.db, 'SELECT max(id) AS id FROM articles');
  const a = article(id);
  assert.equal(a.title, NASTY, 'stored as typed');
  assert.equal(a.dek, NASTY_DEK);
  const page = await get(srv.url, `/a/${id}/${encodeURIComponent(a.slug)}`);
  assert.equal(page.status, 200);
  const { ld } = checkArticle(page.text, a);
  assert.equal(ld.headline, NASTY);
  assert.equal(ld.description, NASTY_DEK);
  assert.deepEqual(ld.keywords, a.topics);
  assert.ok(a.topics.some((t) => t.includes('<')), 'a topic with markup characters');
  assert.ok(!page.text.includes('<script>alert(1)'), 'the title never appears as markup');
});

test('category pages: name and description, canonical with ?page=N after the first, the section feeds', async () => {
  const [cat] = rows(srv.db, `SELECT c.slug, c.name, c.description FROM categories c
    WHERE (SELECT count(*) FROM articles a WHERE a.category_id = c.id AND a.status = 'published') > 2 LIMIT 1`);
  for (const [path, canonical, title] of [
    [`/c/${cat.slug}`, `/c/${cat.slug}`, cat.name],
    [`/c/${cat.slug}?page=2`, `/c/${cat.slug}?page=2`, `${cat.name} (الصفحة ٢)`],
  ]) {
    const res = await get(srv.url, path);
    assert.equal(res.status, 200, path);
    const h = head(res.text);
    assert.equal(h.title, `${title} — ${site.site_name}`);
    const own = common(h, { title, description: cat.description });
    assert.deepEqual(own.map((f) => [f.type, f.href, f.title]), [
      ['application/rss+xml', `/c/${cat.slug}/feed`, `${site.site_name} — ${cat.name}`],
      ['application/atom+xml', `/c/${cat.slug}/feed/atom`, `${site.site_name} — ${cat.name} (Atom)`],
    ]);
    indexed(h, canonical);
    websiteNoImage(h);
  }
});

test('topic pages: an Arabic canonical IRI and Arabic feed links, a description made from the name', async () => {
  const [t] = rows(srv.db, 'SELECT t.slug, t.name FROM topics t JOIN article_topics x ON x.topic_id = t.id LIMIT 1');
  assert.match(t.slug, /[\u0600-\u06ff]/);
  const res = await get(srv.url, `/t/${encodeURIComponent(t.slug)}`);
  assert.equal(res.status, 200);
  const h = head(res.text);
  assert.equal(h.title, `${t.name} — ${site.site_name}`);
  const own = common(h, { title: t.name, description: `مقالات عن ${t.name} في ${site.site_name}` });
  assert.deepEqual(own.map((f) => [f.type, f.href, f.title]), [
    ['application/rss+xml', `/t/${t.slug}/feed`, `${site.site_name} — ${t.name}`],
    ['application/atom+xml', `/t/${t.slug}/feed/atom`, `${site.site_name} — ${t.name} (Atom)`],
  ]);
  indexed(h, `/t/${t.slug}`);
  assert.ok(res.text.includes(`href="${origin}/t/${t.slug}"`), 'Arabic as written in the attribute');
  websiteNoImage(h);
});

test('author pages: the name and bio, canonical, the author feeds', async () => {
  const [u] = rows(srv.db, "SELECT u.slug, u.name, u.bio FROM users u JOIN articles a ON a.author_id = u.id WHERE u.bio <> '' LIMIT 1");
  const res = await get(srv.url, `/u/${u.slug}`);
  assert.equal(res.status, 200);
  const h = head(res.text);
  assert.equal(h.title, `${u.name} — ${site.site_name}`);
  const own = common(h, { title: u.name, description: u.bio });
  assert.deepEqual(own.map((f) => f.href), [`/u/${u.slug}/feed`, `/u/${u.slug}/feed/atom`]);
  indexed(h, `/u/${u.slug}`);
  websiteNoImage(h);
});

test('search pages (with a query and without) are noindex, titled with the query, without canonical', async () => {
  const q = 'المياه';
  const res = await get(srv.url, `/search?q=${encodeURIComponent(q)}`);
  assert.equal(res.status, 200);
  assert.ok(res.text.includes('class="search-result"'), 'results');
  let h = head(res.text);
  assert.equal(h.title, `بحث: ${q} — ${site.site_name}`);
  assert.deepEqual(common(h, { title: `بحث: ${q}`, description: `نتائج البحث عن «${q}» في ${site.site_name}` }), []);
  notIndexed(h, res.text);
  websiteNoImage(h);

  const empty = await get(srv.url, '/search');
  assert.equal(empty.status, 200);
  h = head(empty.text);
  assert.equal(h.title, `البحث — ${site.site_name}`);
  common(h, { title: 'البحث', description: `ابحث في مقالات ${site.site_name}` });
  notIndexed(h, empty.text);
});

test('error pages are noindex, without canonical, with the site feeds', async () => {
  for (const [path, status] of [['/no-such-page', 404], ['/a/999999', 404], ['/c/politics?page=zero', 400]]) {
    const res = await get(srv.url, path);
    assert.equal(res.status, status, path);
    const h = head(res.text);
    notIndexed(h, res.text);
    assert.equal(h.meta('og:type'), 'website');
    assert.equal(h.links('alternate').length, 2, 'the site feeds');
    assert.ok(h.meta('description'), 'a description: the error message');
  }
});

test('without site_url the origin is the Host header when it is a plain host, else 127.0.0.1', async () => {
  for (const [host, expected] of [
    ['news.example:8080', 'http://news.example:8080'],
    ['[::1]:9000', 'http://[::1]:9000'],
    ['evil.example"><script>x</script>', 'http://127.0.0.1'],
    ['user@evil.example', 'http://127.0.0.1'],
  ]) {
    const res = await request(`${srv.url}/`, { headers: { Host: host } });
    assert.equal(res.status, 200, host);
    assert.deepEqual(head(res.text).canonical, [`${expected}/`], host);
  }
});

test('with site_url set, every absolute URL uses it', async () => {
  const other = await startServer({
    setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES('site_url', 'https://news.example.org/'), ('site_logo', 'https://cdn.example.org/logo.png')"),
  });
  try {
    const base = 'https://news.example.org';
    const h = head((await get(other.url, '/')).text);
    assert.deepEqual(h.canonical, [`${base}/`]);
    assert.deepEqual(head((await get(other.url, '/c/politics')).text).canonical, [`${base}/c/politics`]);
    const [{ id }] = rows(other.db, `${WITH_EVERYTHING} LIMIT 1`);
    const a = article(id, other.db);
    const page = await request(`${other.url}/a/${id}/${encodeURIComponent(a.slug)}`, { headers: { Host: 'attacker.example' } });
    assert.equal(page.status, 200);
    const ld = jsonLd(page.text);
    assert.equal(ld.url, `${base}/a/${id}/${a.slug}`);
    assert.equal(ld.mainEntityOfPage, ld.url);
    assert.equal(ld.author.url, `${base}/u/${a.author_slug}`);
    assert.deepEqual(ld.publisher.logo, { '@type': 'ImageObject', url: 'https://cdn.example.org/logo.png' });
    assert.equal(head(page.text).meta('article:author'), `${base}/u/${a.author_slug}`);
  } finally {
    assert.equal(await other.stop(), 0);
    other.cleanup();
  }
});
