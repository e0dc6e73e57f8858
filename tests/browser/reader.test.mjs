// A reader's round in a real browser, without JavaScript on the page: search from the header,
// open a result, post a comment with the form, see it on the article.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rows } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('search from the header, open a result, post a comment and see it', async () => {
  const { page } = browser;
  await page.goto(srv.url + '/');
  const box = page.locator('header input[name="q"]');
  await box.fill('المياه');
  await box.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  assert.equal(await page.locator('#search-q').inputValue(), 'المياه', 'the query stays in the box');
  const first = page.locator('.search-result h2 a').first();
  assert.ok((await page.locator('.search-result mark').count()) > 0, 'matched words are marked');
  await first.click();
  await page.waitForURL(/\/a\/\d+\//);

  const before = await page.getByRole('heading', { name: /^التعليقات/ }).innerText();
  await page.getByLabel('الاسم').fill('قارئة من المتصفح');
  await page.getByLabel('التعليق', { exact: true }).fill('تعليق كتبته في متصفح حقيقي.');
  await page.waitForTimeout(3200); // the form is accepted 3 seconds after the page was given
  await page.getByRole('button', { name: 'أرسل التعليق' }).click();
  await page.waitForURL(/comment=posted/);
  assert.ok(await page.getByText('نُشر تعليقك').isVisible());
  assert.ok(await page.getByText('تعليق كتبته في متصفح حقيقي.').isVisible());
  const afterText = await page.getByRole('heading', { name: /^التعليقات/ }).innerText();
  assert.notEqual(afterText, before, 'the count changed');
  const [c] = rows(srv.db, "SELECT status FROM comments WHERE author_name = 'قارئة من المتصفح'");
  assert.equal(c.status, 'approved');
});
