// Writing Arabic in a real browser: Markdown in the editor reads in order (each line takes its
// own direction; samples keep their brackets), the live preview beside the text, its word
// count and the address its slug makes, at a phone's width and a desk's (screenshots in
// test-results/), and axe finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, ROOT } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser } from '../lib/admin.mjs';
import { axeViolations } from '../lib/axe.mjs';

let srv;
const SHOTS = join(ROOT, 'test-results');
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'huda', 'editor', 'huda-password-1', 'هدى زين');
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

const BODY = [
  'راجع [تقريرنا السابق](/a/20) عن المياه.',
  '',
  '[Reuters](https://www.reuters.com/world/) reported the same.',
  '',
  '![صورة السد](https://example.com/dam.jpg)',
].join('\n');

// The characters of a line laid out as an element styled like the textarea, left to right on
// screen: how a reader sees that line in the text box.
async function seenInTextarea(page, line) {
  return page.evaluate((text) => {
    const ta = document.querySelector('#ed-body');
    const cs = getComputedStyle(ta);
    const div = document.createElement('div');
    for (const p of ['direction', 'unicodeBidi', 'fontFamily', 'fontSize', 'textAlign', 'whiteSpace']) div.style[p] = cs[p];
    div.style.whiteSpace = 'pre';
    div.style.position = 'absolute';
    div.dir = ta.dir;
    div.textContent = text;
    document.body.append(div);
    const node = div.firstChild, out = [];
    for (let i = 0; i < node.length; i++) {
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + 1);
      out.push([node.data[i], r.getBoundingClientRect().x]);
    }
    div.remove();
    return out.sort((a, b) => a[1] - b[1]).map((c) => c[0]).join('');
  }, line);
}

for (const width of [390, 1280]) {
  test(`the editor at ${width} px: Markdown reads in order, the live preview shows it, axe finds nothing`, async () => {
    const browser = await launch({ width, height: 900 });
    try {
      const { page } = browser;
      await page.goto(srv.url + '/admin/articles/new');
      await page.getByLabel('اسم المستخدم').fill('huda');
      await page.getByLabel('كلمة المرور').fill('huda-password-1');
      await page.getByRole('button', { name: 'دخول' }).click();
      await page.waitForURL(/\/admin\/articles\/new$/);
      await page.getByLabel('العنوان', { exact: true }).fill('شبكات المياه في المدينة');
      await page.getByLabel('النص', { exact: true }).fill(BODY);

      const body = page.locator('#ed-body');
      assert.equal(await body.getAttribute('dir'), 'auto');
      assert.equal(await body.evaluate((e) => getComputedStyle(e).unicodeBidi), 'plaintext', 'each line takes its own direction');
      // A line that starts in Latin reads left to right, in order; an absolute address inside
      // an Arabic line reads in order too.
      assert.equal(await seenInTextarea(page, BODY.split('\n')[2]), BODY.split('\n')[2]);
      assert.ok((await seenInTextarea(page, BODY.split('\n')[4])).includes('https://example.com/dam.jpg'));
      // The help's samples keep their brackets in order around Arabic, in a font that joins it.
      const sample = page.locator('code.sample', { hasText: 'الرابط' });
      const order = await sample.evaluate((code) => {
        const marks = [];
        const walk = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          for (let i = 0; i < n.length; i++) {
            if (!'[]()'.includes(n.data[i])) continue;
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            marks.push([n.data[i], r.getBoundingClientRect().x]);
          }
        }
        return marks.sort((a, b) => a[1] - b[1]).map((m) => m[0]).join('');
      });
      assert.equal(order, '[]()');
      assert.doesNotMatch(await sample.evaluate((e) => getComputedStyle(e).fontFamily), /^monospace$/);

      // The live preview: the page's own rendering, the figures, the address.
      const preview = page.locator('.live-preview');
      await preview.getByRole('link', { name: 'تقريرنا السابق' }).waitFor();
      assert.equal(await preview.getByRole('link', { name: 'تقريرنا السابق' }).getAttribute('href'), '/a/20');
      assert.ok(await preview.locator('img[alt="صورة السد"]').count() === 1);
      await page.locator('.text-stats').filter({ hasText: 'دقيقة قراءة' }).waitFor();
      await page.getByLabel('الاسم في الرابط').fill('المياه-2026');
      await page.locator('.address-preview').filter({ hasText: '/a/…/المياه-2026' }).waitFor();

      const textBox = await body.boundingBox(), paneBox = await preview.boundingBox();
      if (width >= 1280) {
        assert.ok(paneBox.y < textBox.y + textBox.height && Math.abs(paneBox.y - textBox.y) < 80, 'beside the text on a wide screen');
      } else {
        assert.ok(paneBox.y >= textBox.y + textBox.height, 'under the text on a phone');
        assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= innerWidth), 'no sideways scrolling');
      }
      const shot = join(SHOTS, `editor-markdown-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      assert.ok(statSync(shot).size > 10000);
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await browser.close();
    }
  });
}
