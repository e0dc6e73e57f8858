// People in a real browser: an editor gives an article three bylines; readers see them in
// order, each leading to its author page; profiles are edited by the author and by an admin;
// the new screens pass axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rows } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser } from '../lib/admin.mjs';
import { axeViolations } from '../lib/axe.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'mona', 'admin', 'mona-password-1', 'منى سعيد');
  addUser(srv.db, 'ziad', 'writer', 'ziad-password-1', 'زياد حمدان');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('three bylines everywhere a reader looks; profiles from the account and the users screens', async () => {
  const { page } = browser;
  await page.goto(srv.url + '/admin/account');
  await page.getByLabel('اسم المستخدم').fill('mona');
  await page.getByLabel('كلمة المرور').fill('mona-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/admin\/account$/);
  await page.getByLabel('نبذة').fill('محررة الشؤون المحلية.');
  await page.getByLabel('روابط').fill('https://mona.example');
  await page.getByRole('button', { name: 'احفظ الملف' }).click();
  await page.getByRole('status').filter({ hasText: 'حُفظ الملف الشخصي' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the account screen passes axe');

  const [byline] = rows(srv.db, 'SELECT id, name FROM users WHERE login IS NULL ORDER BY id LIMIT 1');
  await page.goto(`${srv.url}/admin/users/${byline.id}/profile`);
  assert.deepEqual(await axeViolations(page), [], 'an admin\'s profile screen passes axe');

  await page.goto(srv.url + '/admin/articles/new');
  await page.getByLabel('العنوان', { exact: true }).fill('ثلاثة أقلام في تقرير واحد');
  await page.getByLabel('النص', { exact: true }).fill('نص التقرير.');
  await page.getByLabel('الحالة').selectOption('published');
  await page.getByLabel('الكاتب', { exact: true }).selectOption({ label: 'زياد حمدان' });
  await page.getByLabel('كاتب ٢').selectOption({ label: 'منى سعيد' });
  await page.getByLabel('كاتب ٣').selectOption({ label: byline.name });
  await page.getByRole('button', { name: 'حفظ', exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\/edit\?done=created/);

  await page.goto(srv.url + '/');
  await page.getByRole('link', { name: 'ثلاثة أقلام في تقرير واحد' }).first().click();
  await page.waitForURL(/\/a\/\d+\//);
  const bylines = page.locator('.byline-author a');
  assert.deepEqual(await bylines.allInnerTexts(), ['زياد حمدان', 'منى سعيد', byline.name]);
  assert.deepEqual(await axeViolations(page), [], 'the article page passes axe');
  await bylines.nth(1).click();
  await page.waitForURL(/\/u\/mona$/);
  assert.ok(await page.getByText('محررة الشؤون المحلية.').isVisible());
  assert.ok(await page.getByRole('link', { name: 'ثلاثة أقلام في تقرير واحد' }).isVisible(), 'a co-author\'s page lists it');
  assert.ok(await page.getByRole('link', { name: 'mona.example' }).isVisible());
  assert.deepEqual(await axeViolations(page), [], 'the author page passes axe');
});
