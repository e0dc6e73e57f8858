// Embeds in a real browser: an article with a YouTube video and a post on X makes no request
// to either platform until the reader clicks (checked in the browser's request log); a click
// loads that one platform's frame, and only it. The page passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { Session, addUser } from '../lib/admin.mjs';
import { axeViolations } from '../lib/axe.mjs';

let srv, browser, path;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'salma', 'editor', 'salma-password-1', 'سلمى رزق');
  const s = new Session(srv.url);
  await s.login('salma', 'salma-password-1');
  const res = await s.post('/admin/articles/new', { title: 'فيديو وتغريدة', dek: '', slug: '', category: '', topics: '', source: '',
    published_at: '', status: 'published', do: 'save',
    body: 'الفيديو:\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nوالتغريدة:\n\nhttps://twitter.com/jack/status/20\n' });
  path = `/a/${/\/admin\/articles\/(\d+)\/edit/.exec(res.headers.location)[1]}`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('no request to a platform before a click; the click loads that platform\'s frame only', async () => {
  const { page, context } = browser;
  const origin = new URL(srv.url).origin;
  const requests = [];
  context.on('request', (req) => requests.push(req.url()));
  // The machine has no network: the platforms' frames are answered here, so a click shows
  // something, and nothing leaves the machine.
  await context.route((url) => url.origin !== origin, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>embed</title><p>frame</p>' }));

  await page.goto(srv.url + path);
  await page.waitForLoadState('networkidle');
  const outside = () => requests.filter((u) => new URL(u).origin !== origin);
  assert.deepEqual(outside(), [], 'nothing asked of a third party before a click');
  assert.equal(await page.locator('iframe').count(), 0);
  assert.ok(requests.some((u) => /\/static\/site\.[0-9a-f]+\.js$/.test(u)), 'the site\'s script ran');
  assert.deepEqual(await axeViolations(page), [], 'the article page with placeholders passes axe');

  await page.getByRole('button', { name: 'اعرض المحتوى من يوتيوب' }).click();
  const frame = page.locator('figure.embed-youtube iframe');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(outside(), ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'], 'only the clicked platform, only its frame');
  assert.equal(await page.locator('figure.embed-x iframe').count(), 0, 'the other placeholder stays');
  assert.ok(await page.getByRole('link', { name: 'افتحه على إكس (تويتر)' }).isVisible());
});
