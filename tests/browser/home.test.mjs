// The home page as a phone (390 px) and a desk (1280 px) show it, in a real browser: built around
// its photos (a lead with a large photo, top stories with theirs, each category's block led by a
// story with a photo), no article twice, «الأكثر قراءة» high on a phone, a compact header there,
// no sideways scrolling, and no accessibility violation. The screenshots land in test-results/
// (docs/screenshot-390.png and docs/screenshot-1280.png are copies of them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { axeViolations } from '../lib/axe.mjs';

const SHOTS = join(ROOT, 'test-results');
let srv;
before(async () => {
  srv = await startServer();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

for (const width of [390, 1280]) {
  test(`home page at ${width} px: photos first, no article twice, most read high, no sideways scroll`, async () => {
    const browser = await launch({ width, height: width < 500 ? 844 : 900 });
    try {
      const { page } = browser;
      await page.goto(srv.url + '/');
      await page.evaluate(() => document.fonts.ready);

      // Every story shown (the lead, the cards of every block) links to a different article.
      const shown = await page.locator('main .lead-title a, main .card-title a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      assert.ok(shown.length >= 30, `the demo fills the page (${shown.length} stories)`);
      const twice = shown.filter((href, i) => shown.indexOf(href) !== i);
      assert.deepEqual(twice, [], 'no article twice');

      // The lead's photo, large and loaded first.
      const lead = page.locator('.lead .lead-photo img');
      const got = await lead.evaluate(async (img) => { await img.decode(); return { w: img.naturalWidth, box: img.getBoundingClientRect().width, priority: img.getAttribute('fetchpriority') }; });
      assert.ok(got.w > 0, 'the lead photo loads');
      assert.equal(got.priority, 'high');
      const mainWidth = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
      assert.ok(got.box >= mainWidth * (width < 500 ? 0.95 : 0.55), `the lead photo is large: ${got.box} of ${mainWidth}`);
      // The top stories with their photos; each category's block led by a story with a photo.
      assert.equal(await page.locator('.top-stories .card').count(), 3);
      assert.equal(await page.locator('.top-stories .card-with-photo').count(), 3);
      const sections = await page.locator('.home-section').count();
      assert.ok(sections >= 5, `${sections} category blocks`);
      assert.equal(await page.locator('.home-section .section-lead .card-with-photo').count(), sections, 'every block has a visual lead');

      // No sideways scrolling; the categories' bar scrolls inside itself on a phone.
      assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= innerWidth), 'no sideways scrolling');

      // «الأكثر قراءة» once, and high: before the latest stories (on a phone, within the first
      // few screens, where it was 9,000 px down before).
      assert.equal(await page.getByRole('heading', { name: 'الأكثر قراءة' }).count(), 1);
      const mostRead = await page.locator('.most-read').evaluate((el) => el.getBoundingClientRect().top + scrollY);
      const latest = await page.locator('.latest').evaluate((el) => el.getBoundingClientRect().top + scrollY);
      assert.ok(mostRead < latest, 'most read comes before the latest stories');
      if (width < 500) {
        assert.ok(mostRead < 844 * 2.5, `most read within the first screens on a phone (${mostRead} px)`);
        const header = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
        assert.ok(header < 130, `a compact header on a phone (${header} px)`);
        assert.ok(await page.locator('.site-tagline').isHidden(), 'no tagline on a phone');
      } else {
        assert.ok(await page.locator('.site-tagline').isVisible());
        // The top stories stand beside the lead.
        const leadBox = await page.locator('.lead').boundingBox(), topBox = await page.locator('.top-stories').boundingBox();
        assert.ok(Math.abs(topBox.y - leadBox.y) < 40 && topBox.x + topBox.width <= leadBox.x + 1, 'the top stories beside the lead (to its left in Arabic)');
      }

      const shot = join(SHOTS, `home-${width}.png`);
      await page.screenshot({ path: shot, fullPage: false });
      assert.ok(statSync(shot).size > 10000);
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await browser.close();
    }
  });
}
