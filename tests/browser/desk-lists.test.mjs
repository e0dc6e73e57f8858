// Moderation in a real browser: "select all" ticks every comment, the action says how many it
// touched; the moderation, articles and categories screens pass axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rows, sql } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser } from '../lib/admin.mjs';
import { axeViolations } from '../lib/axe.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'boss', 'admin', 'boss-password-1', 'المدير');
  const [a] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' LIMIT 1");
  const now = Math.floor(Date.now() / 1000);
  sql(srv.db, `DELETE FROM comments WHERE status = 'pending'; INSERT INTO comments(article_id, author_name, author_email, body, status, client, created_at)
    VALUES (${a.id}, 'سعاد', 'suad@example.com', 'تعليق أول', 'pending', '198.51.100.7', ${now}),
           (${a.id}, 'مروان', '', 'تعليق ثان', 'pending', '198.51.100.8', ${now - 1}),
           (${a.id}, 'هيفاء', '', 'تعليق ثالث', 'pending', '2001:db8::1', ${now - 2})`);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('select all, approve, and be told how many; the screens pass axe', async () => {
  const { page } = browser;
  await page.goto(srv.url + '/admin/comments');
  await page.getByLabel('اسم المستخدم').fill('boss');
  await page.getByLabel('كلمة المرور').fill('boss-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/admin\/comments$/);
  assert.deepEqual(await axeViolations(page), [], 'the moderation queue passes axe');
  const selectAll = page.getByRole('checkbox', { name: 'اختر الكل' });
  await selectAll.check();
  for (const box of await page.locator('input[name="id"]').all()) assert.ok(await box.isChecked());
  await page.locator('input[name="id"]').first().uncheck();
  assert.equal(await selectAll.evaluate((e) => e.indeterminate), true, 'partly ticked');
  await selectAll.check();
  await page.getByRole('button', { name: 'اعتماد' }).click();
  await page.getByRole('status').filter({ hasText: 'اعتُمد ٣ تعليقات' }).waitFor();
  assert.equal(rows(srv.db, "SELECT count(*) AS n FROM comments WHERE status = 'pending'")[0].n, 0);

  await page.goto(srv.url + '/admin/articles');
  assert.deepEqual(await axeViolations(page), [], 'the articles list passes axe');
  await page.goto(srv.url + '/admin/categories');
  await page.locator('details.merge summary').first().click();
  assert.deepEqual(await axeViolations(page), [], 'the categories screen, a delete form open, passes axe');
});
