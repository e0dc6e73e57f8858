// What a reader sees, in a real browser: the home page and an article page render right to
// left, with every part of the article page visible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, rows, ROOT } from '../lib/server.mjs';
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

test('home page renders right to left with the lead story, sections and sidebar', async () => {
  const { page } = browser;
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) refused.push(m.text()); });
  const res = await page.goto(srv.url + '/');
  assert.equal(res.status(), 200);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
  const [lead] = rows(srv.db, "SELECT title FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
  await page.getByRole('link', { name: lead.title }).first().waitFor({ state: 'visible' });
  for (const name of ['الأكثر قراءة', 'أهم المواضيع', 'أهم التصنيفات']) {
    assert.ok(await page.getByRole('heading', { name }).isVisible(), name);
  }
  // The inline stylesheet applies (the CSP allows it by its hash): the page is styled, with
  // no request for a stylesheet and nothing refused.
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).fontFamily), 'Times New Roman');
  assert.equal(await page.evaluate(() => document.querySelectorAll('link[rel="stylesheet"]').length), 0);
  assert.deepEqual(refused, []);
});

test('article page: every part visible, right to left, nothing overflowing sideways', async () => {
  const { page } = browser;
  const [a] = rows(srv.db, `SELECT a.id, a.title, a.dek FROM articles a WHERE a.status = 'published'
    AND (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved') > 0 ORDER BY a.published_at DESC LIMIT 1`);
  const res = await page.goto(`${srv.url}/a/${a.id}`);
  assert.equal(res.status(), 200, 'the redirect to the canonical URL was followed');
  assert.match(decodeURIComponent(page.url()), new RegExp(`/a/${a.id}/`));
  const h1 = page.getByRole('heading', { level: 1 });
  assert.equal((await h1.innerText()).trim(), a.title);
  assert.ok(await page.getByText(a.dek).first().isVisible(), 'dek');
  assert.ok(await page.locator('article time').first().isVisible(), 'date');
  assert.ok(await page.getByRole('heading', { name: /^التعليقات \([٠-٩]+\)$/ }).isVisible(), 'التعليقات (N)');
  for (const name of ['مقالات ذات صلة', 'الأكثر قراءة', 'أهم المواضيع', 'أهم التصنيفات']) {
    assert.ok(await page.getByRole('heading', { name }).isVisible(), name);
  }
  assert.ok(await page.locator('#comment-form').isVisible(), "the comment form's place");
  // Right to left: the headline's text starts at the right edge of its box.
  const box = await h1.evaluate((el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    const text = r.getBoundingClientRect(), block = el.getBoundingClientRect();
    return { textRight: text.right, blockRight: block.right, direction: getComputedStyle(el).direction };
  });
  assert.equal(box.direction, 'rtl');
  assert.ok(Math.abs(box.textRight - box.blockRight) < 2, 'headline aligned to the right');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, 'no horizontal scrolling');
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'build', 'article.png'), fullPage: false });
});

test('on a phone-sized screen the article page has no horizontal scrolling', async () => {
  const { page } = browser;
  await page.setViewportSize({ width: 390, height: 844 });
  const [a] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
  await page.goto(`${srv.url}/a/${a.id}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `overflow ${overflow}px`);
  await page.setViewportSize({ width: 1280, height: 900 });
});
