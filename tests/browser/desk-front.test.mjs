// The front page in a real browser: an editor pins a lead story and flags breaking news on the
// front-page screen; readers see both; every new screen passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rows } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser } from '../lib/admin.mjs';
import { axeViolations } from '../lib/axe.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'nour', 'editor', 'nour-password-1', 'نور حسن');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('pin a lead story and flag breaking news; readers see both; the screens pass axe', async () => {
  const { page } = browser;
  const now = Math.floor(Date.now() / 1000);
  const [older] = rows(srv.db, `SELECT id, title FROM articles WHERE status = 'published' AND published_at <= ${now} ORDER BY published_at DESC LIMIT 1 OFFSET 6`);
  await page.goto(srv.url + '/admin/front');
  await page.getByLabel('اسم المستخدم').fill('nour');
  await page.getByLabel('كلمة المرور').fill('nour-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/admin\/front$/);
  assert.deepEqual(await axeViolations(page), [], 'the front-page screen passes axe');

  await page.getByLabel('الخبر الرئيسي').selectOption(String(older.id));
  await page.getByRole('button', { name: 'احفظ الصفحة الأولى' }).click();
  await page.getByRole('status').filter({ hasText: 'حُفظت الصفحة الأولى' }).waitFor();
  await page.getByLabel('مقال عاجل').selectOption(String(older.id));
  await page.getByRole('button', { name: 'ابدأ الخبر العاجل' }).click();
  await page.getByRole('status').filter({ hasText: 'بدأ الخبر العاجل' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'with a breaking story listed');

  await page.goto(srv.url + '/');
  assert.equal((await page.locator('.lead-title').innerText()).trim(), older.title, 'the pinned lead');
  const bar = page.getByRole('region', { name: 'عاجل' });
  assert.ok(await bar.isVisible(), 'the breaking bar');
  assert.ok(await bar.getByRole('link', { name: older.title }).isVisible());
  assert.deepEqual(await axeViolations(page), [], 'the home page with the bar passes axe');
  await bar.getByRole('link', { name: older.title }).click();
  await page.waitForURL(new RegExp(`/a/${older.id}/`));
  assert.ok(await page.getByRole('region', { name: 'عاجل' }).isVisible(), 'on the article page too');
  assert.deepEqual(await axeViolations(page), []);
});
