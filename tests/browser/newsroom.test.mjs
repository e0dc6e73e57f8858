// The newsroom in a real browser, without JavaScript: log in, write an article, publish it,
// find it on the home page and on its category's page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser } from '../lib/admin.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'layla', 'editor', 'layla-password-1', 'ليلى حداد');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('log in, write an article, publish it, find it on the home page and its category page', async () => {
  const { page } = browser;
  await page.goto(srv.url + '/admin/articles/new');
  await page.waitForURL(/\/admin\/login\?next=/);
  await page.getByLabel('اسم المستخدم').fill('layla');
  await page.getByLabel('كلمة المرور').fill('layla-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/admin\/articles\/new$/);

  const title = 'افتتاح أكبر حديقة عامة في المدينة';
  await page.getByLabel('العنوان', { exact: true }).fill(title);
  await page.getByLabel('الملخص').fill('حديقة جديدة على مساحة ثلاثين هكتارًا تفتح أبوابها للزوار.');
  await page.getByLabel('النص', { exact: true }).fill('افتتحت البلدية **اليوم** حديقة عامة جديدة.\n\nوتضم الحديقة ملاعب ومسارات للدراجات.');
  await page.getByLabel('القسم').selectOption({ label: 'مجتمع' });
  await page.getByLabel('المواضيع').fill('البيئة الحضرية، الشباب');
  await page.getByLabel('الحالة').selectOption('published');
  await page.getByRole('button', { name: 'معاينة' }).click();
  assert.ok(await page.locator('strong', { hasText: 'اليوم' }).first().isVisible(), 'the preview renders Markdown');
  await page.getByRole('button', { name: 'حفظ' }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\/edit\?done=created/);
  assert.ok(await page.getByText('أُنشئ المقال').isVisible());

  await page.goto(srv.url + '/');
  await page.getByRole('link', { name: title }).first().waitFor({ state: 'visible' });
  await page.goto(srv.url + '/c/society');
  const link = page.getByRole('link', { name: title }).first();
  assert.ok(await link.isVisible(), 'on its category page');
  await link.click();
  await page.waitForURL(/\/a\/\d+\//);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), title);
  assert.ok(await page.getByText('ليلى حداد').first().isVisible(), 'the byline');
});
