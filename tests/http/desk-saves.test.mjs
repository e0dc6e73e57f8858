// Nothing typed in the newsroom is lost: two editors saving the same article (the second save
// is refused, both versions shown, their merge saved), the API's PATCH with If-Match, a save
// with an expired session or form (kept as the user's recovery draft, shown after logging in
// again), autosave, and the Content-Security-Policy that lets only the editor run the site's
// script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { request } from '../lib/post.mjs';
import { Session, addUser, field } from '../lib/admin.mjs';

let srv;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'amal', 'editor', 'amal-password-1', 'أمل سليمان');
  addUser(srv.db, 'basel', 'editor', 'basel-password-1', 'باسل نجار');
  addUser(srv.db, 'kareem', 'writer', 'kareem-password-1', 'كريم يوسف');
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

async function as(login) {
  const s = new Session(srv.url);
  const res = await s.login(login, `${login}-password-1`);
  assert.equal(res.status, 303, `${login} logs in`);
  return s;
}

// The editor form's fields as the page gives them (inputs, selects, textareas).
function formOf(html) {
  const form = /<form class="editor"[\s\S]*?<\/form>/.exec(html)[0];
  const out = {};
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) out[m[1]] ??= m[2];
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]] = m[2];
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    out[m[1]] = /<option value="([^"]*)" selected>/.exec(m[2])?.[1] ?? '';
  }
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  for (const k of Object.keys(out)) out[k] = unescape(out[k]);
  delete out.csrf;
  return out;
}

const article = (fields) => ({ title: 'عنوان أول', dek: 'ملخص أول', body: 'نص المقال الأول.', slug: '', category: '',
  topics: '', source: '', published_at: '', status: 'draft', do: 'save', ...fields });

async function newArticle(s, fields = {}) {
  const res = await s.post('/admin/articles/new', article(fields));
  assert.equal(res.status, 303, res.text);
  return Number(/\/admin\/articles\/(\d+)\/edit/.exec(res.headers.location)[1]);
}

test('two editors on one article: the later save is refused, both versions are shown, the merge keeps both changes', async () => {
  const amal = await as('amal'), basel = await as('basel');
  const id = await newArticle(amal, { title: 'مجلس المدينة يقر الموازنة', dek: 'ملخص قديم' });
  const formA = formOf((await amal.get(`/admin/articles/${id}/edit`)).text);
  const formB = formOf((await basel.get(`/admin/articles/${id}/edit`)).text);
  assert.equal(formA.version, formB.version, 'both opened the same version');
  assert.ok(Number(formA.version) >= 1);

  // A changes the title and saves.
  const saveA = await amal.post(`/admin/articles/${id}/edit`, { ...formA, title: 'مجلس المدينة يقر موازنة العام المقبل', do: 'save' });
  assert.equal(saveA.status, 303);
  // B, from the older version, changes only the dek.
  const saveB = await basel.post(`/admin/articles/${id}/edit`, { ...formB, dek: 'ملخص جديد كتبه باسل', do: 'save' });
  assert.equal(saveB.status, 409, 'the save over a newer version is refused');
  assert.ok(saveB.text.includes('لم يُحفظ المقال: عُدّل بعد أن فتحته'));
  assert.ok(saveB.text.includes('أمل سليمان'), 'says who saved the newer version');
  const stored = rows(srv.db, `SELECT title, dek FROM articles WHERE id = ${id}`)[0];
  assert.deepEqual(stored, { title: 'مجلس المدينة يقر موازنة العام المقبل', dek: 'ملخص قديم' }, 'nothing was overwritten');
  // Both versions side by side: A's title against B's, B's dek against the stored one.
  const table = /<table class="data conflict-table">[\s\S]*?<\/table>/.exec(saveB.text)[0];
  assert.ok(table.includes('مجلس المدينة يقر موازنة العام المقبل') && table.includes('مجلس المدينة يقر الموازنة'));
  assert.ok(table.includes('ملخص جديد كتبه باسل') && table.includes('ملخص قديم'));
  // The form holds the merge: A's title, B's dek, at the newest version.
  const merged = formOf(saveB.text);
  assert.equal(merged.title, 'مجلس المدينة يقر موازنة العام المقبل');
  assert.equal(merged.dek, 'ملخص جديد كتبه باسل');
  assert.equal(Number(merged.version), Number(formA.version) + 1);
  // B's text is kept as a recovery draft meanwhile.
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM recovery_drafts WHERE article_id = ${id}`)[0].n, 1);

  const saveMerged = await basel.post(`/admin/articles/${id}/edit`, { ...merged, do: 'save' });
  assert.equal(saveMerged.status, 303);
  assert.deepEqual(rows(srv.db, `SELECT title, dek FROM articles WHERE id = ${id}`)[0],
    { title: 'مجلس المدينة يقر موازنة العام المقبل', dek: 'ملخص جديد كتبه باسل' }, 'both changes kept');
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM recovery_drafts WHERE article_id = ${id}`)[0].n, 0, 'saved: the draft is gone');
  // Every version is there: the first, A's, and the merge (the article itself).
  assert.deepEqual(rows(srv.db, `SELECT version, title FROM revisions WHERE article_id = ${id} ORDER BY id`).map((r) => r.version),
    [1, 2]);
});

test('a field both editors changed keeps mine in the merge and is marked', async () => {
  const amal = await as('amal'), basel = await as('basel');
  const id = await newArticle(amal, { body: 'السطر الأول.' });
  const formA = formOf((await amal.get(`/admin/articles/${id}/edit`)).text);
  const formB = formOf((await basel.get(`/admin/articles/${id}/edit`)).text);
  assert.equal((await amal.post(`/admin/articles/${id}/edit`, { ...formA, body: 'نص أمل.', do: 'save' })).status, 303);
  const res = await basel.post(`/admin/articles/${id}/edit`, { ...formB, body: 'نص باسل.', do: 'save' });
  assert.equal(res.status, 409);
  assert.ok(res.text.includes('غيّرتماه معًا'));
  assert.equal(formOf(res.text).body, 'نص باسل.');
  assert.ok(res.text.includes('نص أمل.'), 'the other version is shown beside it');
  assert.equal(rows(srv.db, `SELECT body FROM articles WHERE id = ${id}`)[0].body, 'نص أمل.');
});

test('PATCH honours If-Match with the article ETag: 412 on a stale version, nothing changed', async () => {
  const token = sahifa(['token', 'create', '--user', 'amal', '--scope', 'articles:write', '--db', srv.db]).stdout.trim();
  const send = (method, path, body, headers = {}) => request(srv.url + path, {
    method, body: body ? JSON.stringify(body) : '',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers } });
  const created = await send('POST', '/api/v1/articles', { title: 'خبر للبرامج', body: 'نص طويل. '.repeat(100), status: 'published' });
  assert.equal(created.status, 201);
  const id = JSON.parse(created.text).article.id;
  const etag = created.headers.etag;
  assert.match(etag, /^"[0-9a-f]{16}"$/);
  // GET gives the same ETag for the same representation.
  const read = await request(`${srv.url}/api/v1/articles/${id}`);
  assert.equal(read.headers.etag, etag);
  // A compressed answer names the same version with its coding's suffix, and If-Match takes it.
  const gz = await request(`${srv.url}/api/v1/articles/${id}`, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.etag, etag.replace(/"$/, '-gz"'));

  const first = await send('PATCH', `/api/v1/articles/${id}`, { dek: 'ملخص أول' }, { 'If-Match': gz.headers.etag });
  assert.equal(first.status, 200, first.text);
  assert.notEqual(first.headers.etag, etag, 'a new version, a new ETag');
  const stale = await send('PATCH', `/api/v1/articles/${id}`, { dek: 'ملخص من نسخة قديمة' }, { 'If-Match': etag });
  assert.equal(stale.status, 412);
  assert.equal(JSON.parse(stale.text).error.code, 'precondition_failed');
  assert.equal(rows(srv.db, `SELECT dek FROM articles WHERE id = ${id}`)[0].dek, 'ملخص أول', 'nothing changed');
  const weak = await send('PATCH', `/api/v1/articles/${id}`, { dek: 'ضعيف' }, { 'If-Match': `W/${first.headers.etag}` });
  assert.equal(weak.status, 412, 'a weak tag never matches If-Match');
  const listed = await send('PATCH', `/api/v1/articles/${id}`, { dek: 'ملخص ثان' }, { 'If-Match': `"0000000000000000", ${first.headers.etag}` });
  assert.equal(listed.status, 200, 'one of a list matches');
  assert.equal((await send('PATCH', `/api/v1/articles/${id}`, { dek: 'أي نسخة' }, { 'If-Match': '*' })).status, 200);
  assert.equal((await send('PATCH', `/api/v1/articles/${id}`, { dek: 'بلا شرط' })).status, 200, 'without If-Match, as before');
});

test('a save with an expired session keeps the text as a recovery draft, shown after logging in again', async () => {
  const kareem = await as('kareem');
  const csrf = field((await kareem.get('/admin/articles/new')).text, 'csrf');
  // The session ends while the article is being written (idle for longer than allowed).
  sql(srv.db, "UPDATE sessions SET seen_at = seen_at - 100000 WHERE user_id = (SELECT id FROM users WHERE login = 'kareem')");
  const text = 'نص طويل كتبه كريم طوال ساعات، ولا يجوز أن يضيع.\n\nفقرة ثانية فيها [تقريرنا السابق](/a/20).';
  const res = await kareem.post('/admin/articles/new', article({ title: 'تحقيق عن المياه', body: text, csrf }), { csrf: false });
  assert.equal(res.status, 403);
  assert.ok(res.text.includes('انتهت جلستك قبل الحفظ'));
  assert.ok(res.text.includes('حُفظ نصك مسودةً'));
  assert.ok(res.text.includes('تقريرنا السابق'), 'the text is in the answer too');
  const login = /href="(\/admin\/login\?next=[^"]+)"/.exec(res.text)[1].replace(/&amp;/g, '&');
  assert.equal(decodeURIComponent(login.split('next=')[1]), '/admin/articles/new?recover=1');
  assert.equal(rows(srv.db, "SELECT count(*) AS n FROM articles WHERE title = 'تحقيق عن المياه'")[0].n, 0);

  // Logging in again through that link comes back to the editor with the text in it.
  const again = new Session(srv.url);
  const form = await again.get(login);
  const back = await again.post('/admin/login', { login: 'kareem', password: 'kareem-password-1', next: field(form.text, 'next'), token: field(form.text, 'token') }, { csrf: false });
  assert.equal(back.status, 303);
  assert.equal(back.headers.location, '/admin/articles/new?recover=1');
  const editor = await again.get(back.headers.location);
  assert.equal(editor.status, 200);
  assert.ok(editor.text.includes('هذا نصك الذي لم يُحفظ'));
  const recovered = formOf(editor.text);
  assert.equal(recovered.title, 'تحقيق عن المياه');
  assert.equal(recovered.body, text);
  const saved = await again.post('/admin/articles/new', { ...recovered, do: 'save' });
  assert.equal(saved.status, 303);
  assert.equal(rows(srv.db, "SELECT body FROM articles WHERE title = 'تحقيق عن المياه'")[0].body, text);
  assert.equal(rows(srv.db, "SELECT count(*) AS n FROM recovery_drafts WHERE user_id = (SELECT id FROM users WHERE login = 'kareem')")[0].n, 0);
});

test('a stale form token keeps the text too; a logged-out session still gets its text back on the page', async () => {
  const amal = await as('amal');
  const id = await newArticle(amal);
  const bad = await amal.post(`/admin/articles/${id}/edit`, article({ body: 'تعديل بنموذج قديم.', version: '1' }), { csrf: 'f'.repeat(64) });
  assert.equal(bad.status, 403);
  assert.ok(bad.text.includes('انتهت صلاحية النموذج قبل الحفظ'));
  assert.ok(bad.text.includes(`href="/admin/articles/${id}/edit?recover=1"`));
  assert.equal(JSON.parse(rows(srv.db, `SELECT fields FROM recovery_drafts WHERE article_id = ${id}`)[0].fields).body, 'تعديل بنموذج قديم.');
  // Opening the editor later offers the draft; discarding it forgets it.
  const offered = await amal.get(`/admin/articles/${id}/edit`);
  assert.ok(offered.text.includes('لديك نص لم يُحفظ في هذا المقال'));
  assert.equal((await amal.post(`/admin/articles/${id}/draft/discard`)).status, 303);
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM recovery_drafts WHERE article_id = ${id}`)[0].n, 0);

  // A session that was ended by logging out names nobody: nothing is stored, but the answer
  // still carries the text to copy.
  const cookie = amal.cookie;
  await amal.post('/admin/logout');
  const gone = await request(srv.url + `/admin/articles/${id}/edit`, { method: 'POST',
    body: new URLSearchParams(article({ body: 'نص بعد الخروج.' })).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } });
  assert.equal(gone.status, 403);
  assert.ok(gone.text.includes('لم نستطع الاحتفاظ بنصك'));
  assert.ok(gone.text.includes('نص بعد الخروج.'));
  assert.equal(rows(srv.db, `SELECT count(*) AS n FROM recovery_drafts WHERE article_id = ${id}`)[0].n, 0);
});

test('autosave keeps the form as the recovery draft; it needs the session and its token', async () => {
  const basel = await as('basel');
  const id = await newArticle(basel);
  const html = (await basel.get(`/admin/articles/${id}/edit`)).text;
  assert.ok(html.includes(`data-autosave="/admin/articles/${id}/autosave"`));
  const res = await basel.post(`/admin/articles/${id}/autosave`, { ...formOf(html), body: 'نص محفوظ تلقائيًا.' });
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.equal(JSON.parse(res.text).saved, true);
  assert.equal(JSON.parse(rows(srv.db, `SELECT fields FROM recovery_drafts WHERE article_id = ${id}`)[0].fields).body, 'نص محفوظ تلقائيًا.');
  assert.equal(rows(srv.db, `SELECT body FROM articles WHERE id = ${id}`)[0].body, 'نص المقال الأول.', 'the article is untouched');

  const anonymous = await request(srv.url + `/admin/articles/${id}/autosave`, { method: 'POST', body: 'body=x',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(anonymous.status, 401);
  assert.equal(JSON.parse(anonymous.text).error.code, 'login_required');
  const forged = await basel.post(`/admin/articles/${id}/autosave`, { body: 'x' }, { csrf: 'f'.repeat(64) });
  assert.equal(forged.status, 403);
  assert.equal(JSON.parse(forged.text).error.code, 'bad_csrf');
  // A writer cannot keep drafts on another's article.
  const kareem = await as('kareem');
  assert.equal((await kareem.post(`/admin/articles/${id}/autosave`, { body: 'x' })).status, 403);
});

test('only the editor may run the site\'s own script; public pages run none', async () => {
  const amal = await as('amal');
  const editor = await amal.get('/admin/articles/new');
  const csp = editor.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const src = /<script src="(\/static\/editor\.[0-9a-f]+\.js)" defer><\/script>/.exec(editor.text)[1];
  const js = await get(srv.url, src);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  const home = await get(srv.url, '/');
  assert.doesNotMatch(home.headers.get('content-security-policy'), /script-src/);
  assert.doesNotMatch(home.text, /<script src=/);
});
