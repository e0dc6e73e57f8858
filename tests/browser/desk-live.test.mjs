// Live coverage in a real browser: a reader's page shows a new update without a reload (the
// site's script fetches it); the live page and the editor's live panel pass axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rows, sql } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { Session, addUser } from '../lib/admin.mjs';
import { axeViolations } from '../lib/axe.mjs';

let srv, browser, editor, id;
before(async () => {
  // Fetch every 5 seconds (the default is 30), so the test need not wait long.
  srv = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES ('live_poll_seconds', '5')") });
  addUser(srv.db, 'rima', 'editor', 'rima-password-1', 'ريما داود');
  editor = new Session(srv.url);
  await editor.login('rima', 'rima-password-1');
  [{ id }] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
  await editor.post(`/admin/articles/${id}/live`, { do: 'start' });
  await editor.post(`/admin/articles/${id}/updates`, { update: 'التحديث الأول.' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('a new update appears on a reader\'s page without a reload', async () => {
  const { page } = browser;
  await page.goto(`${srv.url}/a/${id}`);
  const updates = page.locator('.live-updates > li');
  assert.equal(await updates.count(), 1);
  assert.deepEqual(await axeViolations(page), [], 'the live page passes axe');
  await page.evaluate(() => { window.stillHere = true; });

  assert.equal((await editor.post(`/admin/articles/${id}/updates`, { update: 'عاجل من القاعة: **انتهى التصويت**.' })).status, 303);
  await updates.first().filter({ hasText: 'انتهى التصويت' }).waitFor({ timeout: 20000 });
  assert.equal(await updates.count(), 2);
  assert.ok(await page.evaluate(() => window.stillHere === true), 'the page was not reloaded');
  const first = updates.first();
  const anchor = await first.getAttribute('id');
  assert.match(anchor, /^update-\d+$/);
  assert.equal(await first.locator('a').first().getAttribute('href'), `#${anchor}`);
  assert.ok(await first.locator('strong', { hasText: 'انتهى التصويت' }).isVisible());
  assert.ok(await page.getByRole('status').filter({ hasText: 'وصل تحديث جديد' }).isVisible(), 'said to screen readers');
  assert.deepEqual(await axeViolations(page), [], 'with the new update');
});

test('the editor\'s live panel passes axe', async () => {
  const { page } = browser;
  await page.goto(`${srv.url}/admin/articles/${id}/edit`);
  await page.getByLabel('اسم المستخدم').fill('rima');
  await page.getByLabel('كلمة المرور').fill('rima-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByLabel('تحديث جديد').fill('تحديث من المحرر في المتصفح.');
  await page.getByRole('button', { name: 'انشر التحديث' }).click();
  await page.getByRole('status').filter({ hasText: 'نُشر التحديث' }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
});
