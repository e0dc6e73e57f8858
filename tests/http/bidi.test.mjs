// Directional controls (docs/SECURITY.md, the rule on bidi controls): the embeddings, overrides
// and isolates U+202A–U+202E and U+2066–U+2069 are removed from single-line fields wherever
// they enter (the comment form and API, the editor, the article API, users, categories and
// topics, the command line, the importers); the marks U+200E, U+200F and U+061C stay, and
// bodies keep everything. Names and titles set inside a line of text are isolated with <bdi>
// (docs/THEMES.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { post, form, request } from '../lib/post.mjs';
import { Session, addUser } from '../lib/admin.mjs';

const CONTROLS = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
const MARKS = '\u200E\u200F\u061C';
// A text an attacker would send: U+202E turns what follows around, an isolate is left open, and
// every other control and mark is there too. clean() is what must be stored.
const spoofed = (text) => `${text}\u202Eelgoog\u2066 ${MARKS}${CONTROLS}`;
const clean = (text) => `${text}elgoog ${MARKS}`;
const hasControls = (s) => /[\u202A-\u202E\u2066-\u2069]/.test(s);

let srv, article;
const commentTokens = [];
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'admin', 'admin', 'admin-password-1');
  addUser(srv.db, 'ed', 'editor', 'ed-password-1');
  [article] = rows(srv.db, "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
  for (let i = 0; i < 2; i++) {
    const res = await get(srv.url, `/api/v1/articles/${article.id}/comments`);
    commentTokens.push(JSON.parse(res.text).form_token);
  }
  await new Promise((r) => setTimeout(r, 3100)); // form tokens are accepted 3 seconds after they are given
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

async function as(login) {
  const s = new Session(srv.url);
  assert.equal((await s.login(login, `${login}-password-1`)).status, 303);
  return s;
}

test('the comment form and the comment API store the name without controls, the text as written', async () => {
  const text = `نص التعليق ${CONTROLS} كما كُتب`;
  const res = await post(`${srv.url}/a/${article.id}/comments`,
    form({ token: commentTokens.pop(), name: spoofed('ليلى'), text }), { from: '127.0.3.1' });
  assert.equal(res.status, 303, res.text);
  const [c] = rows(srv.db, `SELECT author_name AS name, body FROM comments WHERE body = '${text}'`);
  assert.equal(c.name, clean('ليلى'));
  assert.equal(c.body, text, 'the body keeps them');
  const page = await get(srv.url, res.headers.location.replace(/#.*/, ''));
  assert.ok(page.text.includes(clean('ليلى')) && !hasControls(page.text.replace(text, '')), 'the page shows the clean name');

  const api = await post(`${srv.url}/api/v1/articles/${article.id}/comments`,
    JSON.stringify({ name: spoofed('سامر'), text: 'تعليق من التطبيق بلا شيء غريب', token: commentTokens.pop() }),
    { from: '127.0.3.2', type: 'application/json' });
  assert.equal(api.status, 201, api.text);
  const { id } = JSON.parse(api.text).comment;
  assert.equal(sql(srv.db, `SELECT author_name FROM comments WHERE id = ${id}`), clean('سامر'));
});

test('the editor: title, dek, source and topics without controls, the body as written', async () => {
  const s = await as('ed');
  const body = `فقرة فيها ${CONTROLS} كما هي.`;
  const res = await s.post('/admin/articles/new', {
    title: spoofed('عنوان'), dek: spoofed('ملخص'), body, slug: '', category: '', topics: `${spoofed('موضوع')}، ${CONTROLS}`,
    author: '', source: spoofed('وكالة'), published_at: '', status: 'published', do: 'save',
  });
  assert.equal(res.status, 303, res.text);
  const id = /\/admin\/articles\/(\d+)\/edit/.exec(res.headers.location)[1];
  const [a] = rows(srv.db, `SELECT title, dek, source, body, slug FROM articles WHERE id = ${id}`);
  assert.deepEqual([a.title, a.dek, a.source], [clean('عنوان'), clean('ملخص'), clean('وكالة')]);
  assert.equal(a.body, body);
  assert.ok(!hasControls(a.slug) && a.slug.startsWith('عنوان'), a.slug);
  const topics = rows(srv.db, `SELECT t.name FROM topics t JOIN article_topics x ON x.topic_id = t.id WHERE x.article_id = ${id}`);
  assert.deepEqual(topics.map((t) => t.name), [clean('موضوع')], 'a topic of controls only is no topic');
});

test('the article API: title, dek, source and topics without controls', async () => {
  const token = sahifa(['token', 'create', '--user', 'ed', '--scope', 'articles:write', '--db', srv.db]).stdout.trim();
  const res = await request(`${srv.url}/api/v1/articles`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ title: spoofed('خبر'), dek: spoofed('موجز'), body: 'نص.', source: spoofed('مراسل'),
      topics: [spoofed('وسم')], status: 'draft' }),
  });
  assert.equal(res.status, 201, res.text);
  const { id } = JSON.parse(res.text).article;
  const [a] = rows(srv.db, `SELECT title, dek, source FROM articles WHERE id = ${id}`);
  assert.deepEqual([a.title, a.dek, a.source], [clean('خبر'), clean('موجز'), clean('مراسل')]);
  assert.equal(sql(srv.db, `SELECT t.name FROM topics t JOIN article_topics x ON x.topic_id = t.id WHERE x.article_id = ${id}`), clean('وسم'));
});

test('users, categories and topics in the newsroom: names without controls', async () => {
  const admin = await as('admin');
  assert.equal((await admin.post('/admin/users', { login: 'spoof', name: spoofed('مراد'), role: 'writer', password: 'spoof-password-1' })).status, 303);
  assert.equal(sql(srv.db, "SELECT name FROM users WHERE login = 'spoof'"), clean('مراد'));
  assert.equal((await admin.post('/admin/categories', { name: spoofed('بيئة'), slug: '', description: spoofed('وصف') })).status, 303);
  const [c] = rows(srv.db, "SELECT name, slug, description FROM categories WHERE name LIKE 'بيئة%'");
  assert.deepEqual([c.name, c.description], [clean('بيئة'), clean('وصف')]);
  assert.ok(!hasControls(c.slug), c.slug);
  const [t] = rows(srv.db, "SELECT id FROM topics ORDER BY id LIMIT 1");
  assert.equal((await admin.post(`/admin/topics/${t.id}`, { do: 'rename', name: spoofed('طقس'), slug: '' })).status, 303);
  assert.equal(sql(srv.db, `SELECT name FROM topics WHERE id = ${t.id}`), clean('طقس'));
  // Names of controls only are names left empty: refused as such.
  assert.equal((await admin.post('/admin/users', { login: 'nobody', name: CONTROLS, role: 'writer', password: 'nobody-password-1' })).status, 422);
});

test('sahifa user add --name and sahifa import: names and titles without controls', () => {
  const r = sahifa(['user', 'add', 'cli', '--role', 'writer', '--name', spoofed('هالة'), '--db', srv.db], { input: 'cli-password-1\n' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(srv.db, "SELECT name FROM users WHERE login = 'cli'"), clean('هالة'));

  const file = join(srv.dir, 'spoofed.jsonl');
  writeFileSync(file, `${JSON.stringify({
    url: 'https://example.org/spoofed', title: spoofed('مقال'), dek: spoofed('تمهيد'), body: `نص ${CONTROLS} المقال.`,
    category: spoofed('منوعات'), topics: [spoofed('سفر'), CONTROLS], author: spoofed('رامي'), source: spoofed('صحيفة'),
    date: '2018-04-20T09:30:00Z', comments: [{ name: spoofed('قارئة'), body: 'تعليق قديم', date: '2018-04-21T09:30:00Z' }],
  })}\n`);
  const imp = sahifa(['import', '--db', srv.db, file]);
  assert.equal(imp.status, 0, imp.stderr);
  const [a] = rows(srv.db, `SELECT a.id, a.title, a.dek, a.source, a.body, c.name AS category, u.name AS author FROM articles a
    JOIN categories c ON c.id = a.category_id JOIN users u ON u.id = a.author_id WHERE a.import_key = 'https://example.org/spoofed'`);
  assert.deepEqual([a.title, a.dek, a.source, a.category, a.author],
    [clean('مقال'), clean('تمهيد'), clean('صحيفة'), clean('منوعات'), clean('رامي')]);
  assert.equal(a.body, `نص ${CONTROLS} المقال.`, 'the body keeps them');
  assert.equal(sql(srv.db, `SELECT group_concat(t.name) FROM topics t JOIN article_topics x ON x.topic_id = t.id WHERE x.article_id = ${a.id}`), clean('سفر'));
  assert.equal(sql(srv.db, `SELECT author_name FROM comments WHERE article_id = ${a.id}`), clean('قارئة'));
});

test('names and titles set inside a line of text are isolated with <bdi>: commenters, bylines, search results', async () => {
  const [c] = rows(srv.db, `SELECT c.author_name AS name, a.id, a.slug FROM comments c JOIN articles a ON a.id = c.article_id
    WHERE c.status = 'approved' AND c.parent_id IS NULL AND a.status = 'published' AND a.comments_open = 1
    ORDER BY a.published_at DESC LIMIT 1`);
  const page = await get(srv.url, `/a/${c.id}/${encodeURIComponent(c.slug)}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`<bdi class="comment-author">${c.name}</bdi>`), 'the commenter\'s name');
  assert.ok(!page.text.includes('<span class="comment-author">'), 'no name left bare');
  assert.ok(page.text.includes(`ردّ على <bdi>${c.name}</bdi></a>`), 'the name in «ردّ على …»');

  const [by] = rows(srv.db, `SELECT a.id, a.slug, a.title, u.name FROM articles a JOIN users u ON u.id = a.author_id
    WHERE a.status = 'published' ORDER BY a.published_at DESC LIMIT 1`);
  const story = await get(srv.url, `/a/${by.id}/${encodeURIComponent(by.slug)}`);
  assert.match(story.text, new RegExp(`بقلم <a href="[^"]+" rel="author"><bdi>${by.name}</bdi></a>`), 'the article\'s byline');
  const home = await get(srv.url, '/');
  assert.ok(home.text.includes(`<bdi>${by.name}</bdi></a> · `), 'a byline in the lists');
  assert.ok(!/<p class="meta"><a href="\/u\/[^"]+">[^<]/.test(home.text), 'no byline left bare');

  const word = by.title.split(' ').find((w) => w.length > 3);
  const search = await get(srv.url, `/search?q=${encodeURIComponent(word)}`);
  assert.equal(search.status, 200);
  assert.ok(search.text.includes(`«<bdi>${word}</bdi>»`), 'the searched words in the heading');
  const titles = [...search.text.matchAll(/<h2 class="card-title"><a href="[^"]+">(.*?)<\/a><\/h2>/g)].map((m) => m[1]);
  assert.ok(titles.length > 0, 'results');
  for (const t of titles) assert.match(t, /^<bdi>.*<\/bdi>$/, 'a result\'s title');
});
