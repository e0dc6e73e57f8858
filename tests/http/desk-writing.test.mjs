// Writing Arabic comfortably: the editor's fields take their direction from their text, the
// live preview's server side (the page's own renderer, the word count and reading time, the
// address the slug makes), an SEO title and a social title that reach the page's head.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { Session, addUser } from '../lib/admin.mjs';

let srv, editor;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'maya', 'editor', 'maya-password-1', 'مايا عون');
  editor = new Session(srv.url);
  await editor.login('maya', 'maya-password-1');
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('the editor\'s text fields take their direction from their text; samples keep their brackets in order', async () => {
  const html = (await editor.get('/admin/articles/new')).text;
  for (const id of ['ed-title', 'ed-dek', 'ed-body', 'ed-slug', 'ed-seo_title', 'ed-social_title']) {
    assert.match(html, new RegExp(`id="${id}"[^>]*dir="auto"`), id);
  }
  assert.ok(html.includes('<code class="sample" dir="ltr">[<bdi>النص</bdi>](<bdi>الرابط</bdi>)</code>'));
  assert.match(html, /<p id="ed-body-stats" class="help text-stats" aria-live="polite">/);
});

test('the preview renders as the page will, counts words and reading time, shows the address', async () => {
  const words = Array.from({ length: 450 }, (_, i) => `كلمة${i}`).join(' ');
  const res = await editor.post('/admin/preview', { kind: 'article', id: '0', title: 'تقرير المياه', slug: '',
    body: `# عنوان\n\nانظر [تقريرنا السابق](/a/20) و**هذا**.\n\n${words}` });
  assert.equal(res.status, 200);
  const data = JSON.parse(res.text);
  assert.ok(data.html.includes('<a href="/a/20">تقريرنا السابق</a>'));
  assert.ok(data.html.includes('<strong>هذا</strong>'));
  assert.equal(data.words, 455, 'the words a reader reads (و**هذا** is one), not the Markdown marks nor the link address');
  assert.equal(data.words_text, '٤٥٥ كلمة');
  assert.equal(data.minutes_text, '٣ دقائق قراءة');
  assert.match(data.address, /\/a\/…\/تقرير-المياه$/);
  const two = JSON.parse((await editor.post('/admin/preview', { kind: 'article', id: '7', title: 'x', slug: 'عنوان مختار', body: 'كلمة أخرى' })).text);
  assert.equal(two.words_text, 'كلمتان');
  assert.equal(two.minutes_text, 'دقيقة قراءة');
  assert.match(two.address, /\/a\/7\/عنوان-مختار$/);
  const page = JSON.parse((await editor.post('/admin/preview', { kind: 'page', title: 'من نحن', slug: '', body: '' })).text);
  assert.match(page.address, /\/p\/من-نحن$/);
  assert.equal(page.minutes_text, '');
  // Raw HTML stays text, as on the page.
  const raw = JSON.parse((await editor.post('/admin/preview', { body: '<script>alert(1)</script>' })).text);
  assert.ok(!raw.html.includes('<script>'));
  // It needs the session and its token.
  const anonymous = await request(srv.url + '/admin/preview', { method: 'POST', body: 'body=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(anonymous.status, 401);
  assert.equal((await editor.post('/admin/preview', { body: 'x' }, { csrf: 'x'.repeat(64) })).status, 403);
});

test('an SEO title and a social title reach the head; the headline stays on the page and in JSON-LD', async () => {
  const res = await editor.post('/admin/articles/new', { title: 'الحكومة تقر خطة المياه', dek: '', body: 'نص.', slug: '', category: '', topics: '',
    source: '', published_at: '', status: 'published', seo_title: 'خطة المياه الوطنية: ما الذي أقرته الحكومة', social_title: 'ماذا تعني خطة المياه لبيتك؟', do: 'save' });
  assert.equal(res.status, 303);
  const [a] = rows(srv.db, "SELECT id, seo_title, social_title FROM articles WHERE title = 'الحكومة تقر خطة المياه'");
  assert.equal(a.seo_title, 'خطة المياه الوطنية: ما الذي أقرته الحكومة');
  const page = (await get(srv.url, `/a/${a.id}`, { redirect: 'follow', headers: { 'User-Agent': 'desk-tests-bot' } })).text;
  assert.match(page, /<title>خطة المياه الوطنية: ما الذي أقرته الحكومة — /);
  assert.match(page, /<meta property="og:title" content="ماذا تعني خطة المياه لبيتك؟">/);
  assert.match(page, /<meta name="twitter:title" content="ماذا تعني خطة المياه لبيتك؟">/);
  assert.match(page, /<h1 class="story-title">الحكومة تقر خطة المياه<\/h1>/);
  assert.equal(JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page)[1]).headline, 'الحكومة تقر خطة المياه');
  const api = JSON.parse((await get(srv.url, `/api/v1/articles/${a.id}`)).text).article;
  assert.equal(api.social_title, 'ماذا تعني خطة المياه لبيتك؟');
  // Without them, the headline everywhere.
  const [other] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' AND seo_title = '' LIMIT 1");
  const plain = (await get(srv.url, `/a/${other.id}`, { redirect: 'follow', headers: { 'User-Agent': 'desk-tests-bot' } })).text;
  const h1 = /<h1 class="story-title">([^<]*)<\/h1>/.exec(plain)[1];
  assert.ok(plain.includes(`<meta property="og:title" content="${h1}">`));
  assert.ok(plain.includes(`<title>${h1} — `));
  // Too long: refused with the field named.
  const long = await editor.post('/admin/articles/new', { title: 'عنوان', body: 'نص', status: 'draft', seo_title: 'ط'.repeat(301), do: 'save' });
  assert.equal(long.status, 422);
  assert.ok(long.text.includes('href="#ed-seo_title"'));
});
