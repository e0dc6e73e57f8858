// A reader's round in a real browser: search from the header, open a result, post a comment
// with the form (its token fetched by the page's script), see it on the article; and the same
// post from a browser that runs no scripts, which confirms it once.
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

test('the script fetches the form token as the reader starts; a post sent at once waits for it to be good', async () => {
  const { page } = browser;
  const [a] = rows(srv.db, "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
  await page.goto(`${srv.url}/a/${a.id}/${encodeURIComponent(a.slug)}`);
  assert.equal(await page.locator('input[name="token"]').inputValue(), '', 'no token in the shared page');
  const asked = page.waitForResponse((r) => r.url().endsWith(`/a/${a.id}/comments/token`));
  await page.getByLabel('الاسم').fill('قارئ مستعجل');
  assert.equal((await asked).status(), 200, 'asked for at the first focus');
  await page.getByLabel('التعليق', { exact: true }).fill('تعليق أُرسل فور كتابته.');
  const sent = Date.now();
  await page.getByRole('button', { name: 'أرسل التعليق' }).click();
  await page.waitForURL(/comment=posted/);
  assert.ok(Date.now() - sent < 10000);
  assert.ok(await page.getByText('تعليق أُرسل فور كتابته.').isVisible());
  const [c] = rows(srv.db, "SELECT status FROM comments WHERE author_name = 'قارئ مستعجل'");
  assert.equal(c.status, 'approved', 'stored once, not refused as too fast');
});

test('without JavaScript, the post is shown back to confirm, and the confirmation posts it', async () => {
  const plain = await launch(undefined, { javaScript: false });
  try {
    const { page } = plain;
    const [a] = rows(srv.db, "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
    await page.goto(`${srv.url}/a/${a.id}/${encodeURIComponent(a.slug)}`);
    await page.getByLabel('الاسم').fill('قارئة بلا سكربت');
    await page.getByLabel('التعليق', { exact: true }).fill('تعليق من متصفح بلا سكربتات.');
    await page.getByRole('button', { name: 'أرسل التعليق' }).click();
    await page.getByText('راجع تعليقك ثم اضغط «أكّد الإرسال» لنشره.').waitFor();
    assert.equal(await page.getByLabel('التعليق', { exact: true }).inputValue(), 'تعليق من متصفح بلا سكربتات.', 'the text is kept');
    assert.equal(rows(srv.db, "SELECT count(*) AS n FROM comments WHERE author_name = 'قارئة بلا سكربت'")[0].n, 0);
    await page.waitForTimeout(3200); // the token in that answer is good 3 seconds after it was given
    await page.getByRole('button', { name: 'أكّد الإرسال' }).click();
    await page.waitForURL(/comment=posted/);
    assert.ok(await page.getByText('تعليق من متصفح بلا سكربتات.').isVisible());
  } finally {
    await plain.close();
  }
});
