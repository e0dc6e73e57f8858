// Photos in a real browser. Without JavaScript: upload one through the newsroom's library form,
// make it an article's featured photo, publish, and see it on the article page as a <figure>
// whose <picture> the browser loads (WebP chosen, no layout shift), with its caption and credit.
// With it (upload.js): a photo dropped on the drop zone is sent in the background, its progress
// and then the making of its sizes shown, and its thumbnail appears in the library.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser } from '../lib/admin.mjs';

const skip = spawnSync('sh', ['-c', 'command -v vips']).status === 0 ? false : 'vips (libvips-tools) is not installed';
let srv, browser, scripted;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'layla', 'editor', 'layla-password-1', 'ليلى حداد');
  browser = await launch(undefined, { javaScript: false });
  scripted = await launch();
});
after(async () => {
  await browser?.close();
  await scripted?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('without JavaScript: upload a photo, set it as featured, publish, and the page shows it as a figure with srcset', { skip }, async () => {
  const file = join(srv.dir, 'harbour.jpg');
  execFileSync('vips', ['gaussnoise', join(srv.dir, 'n.v'), '1800', '1200', '--mean', '120', '--sigma', '40']);
  execFileSync('vips', ['copy', join(srv.dir, 'n.v'), file]);
  const { page } = browser;
  await page.goto(srv.url + '/admin/media');
  await page.getByLabel('اسم المستخدم').fill('layla');
  await page.getByLabel('كلمة المرور').fill('layla-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/admin\/media$/);

  // An SVG first: refused in Arabic, nothing added.
  const svg = join(srv.dir, 'drawing.jpg');
  execFileSync('sh', ['-c', `printf '<svg xmlns="http://www.w3.org/2000/svg"/>' > ${svg}`]);
  await page.getByLabel(/^الصورة/).setInputFiles(svg);
  await page.getByLabel(/^النص البديل/).fill('رسم');
  await page.getByRole('button', { name: 'ارفع الصورة' }).click();
  assert.match(await page.getByRole('alert').innerText(), /صور SVG غير مقبولة/);

  await page.getByLabel(/^الصورة/).setInputFiles(file);
  await page.getByLabel(/^النص البديل/).fill('قوارب الصيد في الميناء');
  await page.getByLabel('التعليق', { exact: true }).fill('الميناء القديم صباح الجمعة');
  await page.getByLabel(/^المصدر/).fill('سارة المصوّرة');
  await page.getByRole('button', { name: 'ارفع الصورة' }).click();
  await page.waitForURL(/\/admin\/media\/(\d+)\?done=media_uploaded/);
  const id = /\/admin\/media\/(\d+)/.exec(page.url())[1];
  assert.ok(await page.getByText('رُفعت الصورة').isVisible());
  assert.ok(await page.locator('.media-preview img').evaluate((img) => img.complete && img.naturalWidth > 0), 'the preview loads');

  // The library finds it by a word of its caption written with harakat.
  await page.goto(srv.url + '/admin/media?q=' + encodeURIComponent('المِيناء'));
  assert.ok(await page.getByText('الميناء القديم صباح الجمعة').isVisible());

  await page.goto(srv.url + '/admin/articles/new');
  const title = 'موسم الصيد يبدأ في الميناء القديم';
  await page.getByLabel('العنوان', { exact: true }).fill(title);
  await page.getByLabel('النص', { exact: true }).fill('عاد الصيادون إلى البحر مع بداية الموسم.');
  await page.getByLabel(/^الصورة الرئيسية/).fill(id);
  await page.getByLabel('الحالة').selectOption('published');
  await page.getByRole('button', { name: 'حفظ' }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\/edit\?done=created/);

  await page.goto(srv.url + '/');
  await page.getByRole('link', { name: title }).first().click();
  await page.waitForURL(/\/a\/\d+\//);
  const img = page.locator('figure.story-photo img');
  await img.waitFor();
  const got = await img.evaluate(async (el) => {
    await el.decode();
    return { src: el.currentSrc, w: el.naturalWidth, attrW: el.getAttribute('width'), attrH: el.getAttribute('height'),
      srcset: el.getAttribute('srcset'), priority: el.getAttribute('fetchpriority') };
  });
  assert.match(got.src, /\/media\/[0-9a-f]{32}-\d+\.webp$/, 'the browser picks the WebP source');
  assert.ok(got.w > 0);
  assert.equal(got.attrW, '960');
  assert.equal(got.attrH, '640');
  assert.match(got.srcset, /-1800\.jpg 1800w$/);
  assert.equal(got.priority, 'high');
  assert.equal(await page.locator('figure.story-photo figcaption').innerText(), 'الميناء القديم صباح الجمعة سارة المصوّرة');
  assert.match(await page.locator('meta[property="og:image"]').getAttribute('content'), /-social-50-50\.jpg$/);
});

test('drag and drop: the photo dropped is uploaded with its progress, then its sizes made, and its thumbnail appears', { skip }, async () => {
  const file = join(srv.dir, 'market.jpg');
  execFileSync('vips', ['gaussnoise', join(srv.dir, 'm.v'), '1400', '900', '--mean', '90', '--sigma', '50']);
  execFileSync('vips', ['copy', join(srv.dir, 'm.v'), file]);
  const { page } = scripted;
  await page.goto(srv.url + '/admin/media');
  await page.getByLabel('اسم المستخدم').fill('layla');
  await page.getByLabel('كلمة المرور').fill('layla-password-1');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/admin\/media$/);
  // Every state the progress box passes through, as the editor sees them.
  await page.evaluate(() => {
    window.states = [];
    const box = document.querySelector('.upload-progress');
    new MutationObserver(() => window.states.push(box.dataset.state)).observe(box, { attributes: true, attributeFilter: ['data-state'] });
  });
  const drop = (name, base64, type) => page.evaluate(([n, b, t]) => {
    const bytes = Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], n, { type: t }));
    const zone = document.querySelector('.dropzone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, base64, type]);

  // A drawing named .jpg: the server's refusal, in Arabic, where the progress was.
  await page.getByLabel(/^النص البديل/).fill('رسم');
  await drop('drawing.jpg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'), 'image/jpeg');
  await page.getByRole('button', { name: 'ارفع الصورة' }).click();
  await page.locator('.upload-progress[data-state="failed"]').waitFor();
  assert.match(await page.locator('.upload-status').innerText(), /صور SVG غير مقبولة/);
  assert.equal(await page.locator('.media-grid li.is-new').count(), 0);

  await page.getByLabel(/^النص البديل/).fill('سوق الخضار في الصباح');
  await page.getByLabel('التعليق', { exact: true }).fill('باعة السوق القديم');
  await drop('market.jpg', readFileSync(file).toString('base64'), 'image/jpeg');
  assert.match(await page.locator('.upload-status').innerText(), /market\.jpg/, 'the dropped file is the one chosen: ' + JSON.stringify(await page.evaluate(() => window.states)));
  assert.equal(await page.locator('#upload-file').evaluate((el) => el.files[0]?.name), 'market.jpg');
  await page.getByRole('button', { name: 'ارفع الصورة' }).click();
  const thumb = page.locator('.media-grid li.is-new img');
  await thumb.waitFor();
  assert.ok(page.url().endsWith('/admin/media'), 'the page stayed: no navigation');
  const states = await page.evaluate(() => window.states);
  const from = states.lastIndexOf('uploading');
  assert.deepEqual(states.slice(from).filter((s, i, a) => s !== a[i - 1]), ['uploading', 'processing', 'done'],
    `progress, then the sizes being made, then done: ${states}`);
  assert.match(await page.locator('.upload-status').innerText(), /جاهزة: الصورة رقم \d+/);
  const got = await thumb.evaluate(async (img) => { await img.decode(); return { src: img.getAttribute('src'), w: img.naturalWidth, alt: img.alt, href: img.closest('a').getAttribute('href') }; });
  assert.match(got.src, /^\/media\/[0-9a-f]{32}-320\.jpg$/);
  assert.ok(got.w > 0, 'the thumbnail loads');
  assert.equal(got.alt, 'سوق الخضار في الصباح');
  const id = /^\/admin\/media\/(\d+)$/.exec(got.href)?.[1];
  assert.ok(id, got.href);
  assert.equal(await page.getByLabel(/^النص البديل/).inputValue(), '', 'the form is ready for the next photo');
  // The library has it, with its words, after a reload too.
  await page.reload();
  assert.ok(await page.locator(`.media-grid a[href="/admin/media/${id}"] img`).first().isVisible());
  assert.ok(await page.getByText('باعة السوق القديم').isVisible());
});
