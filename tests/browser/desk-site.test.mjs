// The settings screen and static pages in a real browser: a new site name shows on the next
// page without a restart; a static page written in its editor is linked from the footer; the
// screens pass axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser } from '../lib/admin.mjs';
import { axeViolations } from '../lib/axe.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'adel', 'admin', 'adel-password-1', 'عادل ناصر');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('settings apply without a restart; a static page reaches the footer; axe finds nothing', async () => {
  const { page } = browser;
  await page.goto(srv.url + '/admin/settings');
  await page.getByLabel('اسم المستخدم').fill('adel');
  await page.getByLabel('كلمة المرور').fill('adel-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/admin\/settings$/);
  assert.deepEqual(await axeViolations(page), [], 'the settings screen passes axe');
  await page.getByLabel('اسم الموقع').fill('الأفق الجديد');
  await page.getByLabel('الأرقام').selectOption('latin');
  await page.getByRole('button', { name: 'احفظ الإعدادات' }).click();
  await page.getByRole('status').filter({ hasText: 'حُفظت الإعدادات' }).waitFor();
  // A refused value: the field says why, and the page still passes axe.
  await page.getByLabel('مقالات في الصفحة').fill('0');
  await page.getByRole('button', { name: 'احفظ الإعدادات' }).click();
  await page.getByText('عدد صحيح خارج الحدود المسموحة.').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'with an error shown');

  await page.goto(srv.url + '/');
  assert.equal((await page.locator('.site-name').innerText()).trim(), 'الأفق الجديد', 'applied at once');

  await page.goto(srv.url + '/admin/pages');
  assert.deepEqual(await axeViolations(page), [], 'the pages list passes axe');
  await page.getByRole('link', { name: 'صفحة جديدة' }).click();
  await page.getByLabel('العنوان', { exact: true }).fill('أعلن معنا');
  await page.getByLabel('النص', { exact: true }).fill('للإعلان في **الأفق الجديد** راسلنا.');
  await page.getByLabel('الترتيب في التذييل').fill('9');
  assert.deepEqual(await axeViolations(page), [], 'the page editor passes axe');
  await page.getByRole('button', { name: 'احفظ الصفحة' }).click();
  await page.waitForURL(/\/admin\/pages\/\d+\/edit\?done=page_saved/);

  await page.goto(srv.url + '/c/politics');
  const footer = page.getByRole('navigation', { name: 'صفحات الموقع' });
  await footer.getByRole('link', { name: 'أعلن معنا' }).click();
  await page.waitForURL(/\/p\//);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), 'أعلن معنا');
  assert.ok(await page.locator('.story-body strong', { hasText: 'الأفق الجديد' }).isVisible());
  assert.deepEqual(await axeViolations(page), [], 'a static page passes axe');
});
