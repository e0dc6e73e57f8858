// The editor in a real browser: its script autosaves the text every 30 seconds as the user's
// recovery draft and asks before leaving with unsaved changes; the conflict and recovery
// screens pass axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rows, sql } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { Session, addUser, field } from '../lib/admin.mjs';
import { axeViolations } from '../lib/axe.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'rana', 'editor', 'rana-password-1', 'رنا خليل');
  addUser(srv.db, 'sami', 'editor', 'sami-password-1', 'سامي عيد');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

async function login(page, next) {
  await page.goto(srv.url + next);
  await page.waitForURL(/\/admin\/login\?next=/);
  await page.getByLabel('اسم المستخدم').fill('rana');
  await page.getByLabel('كلمة المرور').fill('rana-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/admin/login'));
}

test('autosave keeps the text every 30 seconds; leaving with unsaved changes asks first', async () => {
  const { page } = browser;
  await page.clock.install();
  await login(page, '/admin/articles/new');
  assert.deepEqual(await axeViolations(page), [], 'the editor passes axe');
  await page.getByLabel('العنوان', { exact: true }).fill('مسودة تُحفظ وحدها');
  await page.getByLabel('النص', { exact: true }).fill('نص لم يُحفظ بعد، تحفظه الصفحة كل نصف دقيقة.');
  assert.equal(rows(srv.db, 'SELECT count(*) AS n FROM recovery_drafts')[0].n, 0);
  await page.clock.fastForward(31000);
  const status = page.locator('.autosave-status');
  await status.filter({ hasText: 'حُفظت مسودة تلقائيًا' }).waitFor();
  const draft = rows(srv.db, 'SELECT article_id, fields FROM recovery_drafts');
  assert.equal(draft.length, 1);
  assert.equal(draft[0].article_id, 0);
  assert.equal(JSON.parse(draft[0].fields).body, 'نص لم يُحفظ بعد، تحفظه الصفحة كل نصف دقيقة.');

  // Leaving asks first; staying keeps the text in the form.
  let asked = null;
  page.once('dialog', async (d) => { asked = d.type(); await d.dismiss(); });
  await page.evaluate(() => { location.href = '/'; });
  await page.waitForTimeout(500);
  assert.equal(asked, 'beforeunload');
  assert.match(page.url(), /\/admin\/articles\/new$/);
  assert.equal(await page.getByLabel('النص', { exact: true }).inputValue(), 'نص لم يُحفظ بعد، تحفظه الصفحة كل نصف دقيقة.');

  // Saving does not ask, and forgets the draft.
  page.on('dialog', (d) => assert.fail(`unexpected ${d.type()} dialog`));
  await page.getByRole('button', { name: 'حفظ', exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\/edit\?done=created/);
  assert.equal(rows(srv.db, 'SELECT count(*) AS n FROM recovery_drafts')[0].n, 0);
  page.removeAllListeners('dialog');
});

test('the conflict screen and the recovery page pass axe', async () => {
  const { page } = browser;
  const id = rows(srv.db, "SELECT id FROM articles WHERE title = 'مسودة تُحفظ وحدها'")[0].id;
  await page.goto(`${srv.url}/admin/articles/${id}/edit`);
  // Someone else saves meanwhile, through the newsroom.
  const sami = new Session(srv.url);
  await sami.login('sami', 'sami-password-1');
  const version = field((await sami.get(`/admin/articles/${id}/edit`)).text, 'version');
  const saved = await sami.post(`/admin/articles/${id}/edit`, { title: 'عنوان غيّره زميل', dek: '', body: 'نص لم يُحفظ بعد، تحفظه الصفحة كل نصف دقيقة.',
    slug: '', category: '', topics: '', author: '', source: '', published_at: '', status: 'draft', version, do: 'save' });
  assert.equal(saved.status, 303);
  await page.getByLabel('الملخص').fill('ملخص كتبته رنا');
  await page.getByRole('button', { name: 'حفظ', exact: true }).click();
  await page.getByRole('heading', { name: 'لم يُحفظ المقال: عُدّل بعد أن فتحته' }).waitFor();
  assert.equal(await page.getByLabel('العنوان', { exact: true }).inputValue(), 'عنوان غيّره زميل', 'the merge has their title');
  assert.equal(await page.getByLabel('الملخص').inputValue(), 'ملخص كتبته رنا', 'and my dek');
  assert.deepEqual(await axeViolations(page), []);

  // The session ends; the save lands on the recovery page.
  sql(srv.db, 'UPDATE sessions SET seen_at = seen_at - 100000');
  await page.getByRole('button', { name: 'احفظ الدمج' }).click();
  await page.getByRole('heading', { name: 'انتهت جلستك قبل الحفظ' }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole('link', { name: 'سجّل الدخول وعد إلى المقال' }).click();
  await page.getByLabel('اسم المستخدم').fill('rana');
  await page.getByLabel('كلمة المرور').fill('rana-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(new RegExp(`/admin/articles/${id}/edit\\?recover=1$`));
  assert.equal(await page.getByLabel('الملخص').inputValue(), 'ملخص كتبته رنا', 'the text is back after logging in');
  assert.deepEqual(await axeViolations(page), []);
});
