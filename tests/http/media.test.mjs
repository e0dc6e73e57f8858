// Photos against the real binary: upload through the API and the newsroom (multipart), the
// files made and how they are served, every bad input refused with nothing stored, the
// library's search, and a photo through to the article page, feeds, metadata and sitemap.
// Test photos are made with libvips' command line (vips) and tagged with exiftool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, get, rows, sql, sahifa } from '../lib/server.mjs';
import { addUser, Session, field } from '../lib/admin.mjs';

const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const TOOLS = have('vips') && have('exiftool');
const skip = TOOLS ? false : 'vips (libvips-tools) or exiftool (libimage-exiftool-perl) is not installed';

let srv, token, articlesToken;

// A w x h photo-like JPEG (noise over a gradient, so it compresses like a photo) at path.
function photo(path, w, h, seed = 1) {
  const v = join(srv.dir, `noise-${seed}.v`);
  execFileSync('vips', ['gaussnoise', v, String(w), String(h), '--mean', String(100 + seed), '--sigma', '40']);
  execFileSync('vips', ['copy', v, path]);
  return path;
}

// Every file in the media folder, recursively.
function mediaFiles() {
  const dir = srv.db.replace(/\.db$/, '-media');
  if (!existsSync(dir)) return [];
  const out = [];
  for (const sub of readdirSync(dir)) {
    const p = join(dir, sub);
    if (statSync(p).isDirectory()) for (const f of readdirSync(p)) out.push(f);
  }
  return out.sort();
}

// POST a multipart form: {status, headers, text, body (JSON when it is)}.
async function upload(path, fields, { token: t = token, file, name = 'photo.jpg', cookie } = {}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file !== undefined) fd.append('file', new Blob([file]), name);
  const headers = {};
  if (t) headers.Authorization = `Bearer ${t}`;
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(srv.url + path, { method: 'POST', body: fd, headers, redirect: 'manual' });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: res.status, headers: res.headers, text, body };
}

function raw(bytes) {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => sock.write(bytes));
    let data = '';
    sock.setEncoding('utf8');
    sock.on('data', (d) => (data += d));
    sock.on('error', (e) => (data ? resolve(data) : reject(e)));
    sock.on('close', () => resolve(data));
  });
}

before(async () => {
  // A 2 MB upload limit, so that "over the limit" needs no 25 MB file.
  srv = await startServer({ setup: (db) => sql(db, "INSERT INTO settings(key, value) VALUES ('media_max_mb', '2')") });
  addUser(srv.db, 'ed', 'editor');
  addUser(srv.db, 'mod', 'moderator');
  token = sahifa(['token', 'create', '--user', 'ed', '--scope', 'media:write', '--db', srv.db]).stdout.trim();
  articlesToken = sahifa(['token', 'create', '--user', 'ed', '--scope', 'articles:write', '--db', srv.db]).stdout.trim();
});
after(async () => {
  assert.equal(await srv.stop(), 0);
  srv.cleanup();
});

test('POST /api/v1/media makes every size, served immutable with ETags; the same photo again is the same image', { skip }, async () => {
  const file = readFileSync(photo(join(srv.dir, 'a.jpg'), 1500, 1000, 1));
  const demoFiles = mediaFiles().length, demoRows = Number(sql(srv.db, 'SELECT count(*) FROM media'));
  assert.ok(demoRows >= 1, 'the demo site has photos');
  const res = await upload('/api/v1/media', { alt: 'مؤتمر صحفي في بيروت', caption: 'الوزير يتحدث إلى الصحفيين', credit: 'وكالة الأنباء' }, { file });
  assert.equal(res.status, 201, res.text);
  const img = res.body.image;
  assert.equal(img.width, 1500);
  assert.equal(img.height, 1000);
  assert.equal(img.alt, 'مؤتمر صحفي في بيروت');
  assert.deepEqual(img.sizes.map((s) => s.width), [320, 640, 960, 1280, 1500], 'never upscaled to 1920');
  assert.equal(img.sizes[1].height, 427);
  for (const s of img.sizes) {
    for (const [url, type] of [[s.webp, 'image/webp'], [s.jpeg, 'image/jpeg']]) {
      const r = await fetch(url);
      assert.equal(r.status, 200, url);
      assert.equal(r.headers.get('content-type'), type);
      assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.equal(Number(r.headers.get('content-length')), bytes.length);
      if (type === 'image/jpeg') assert.equal(bytes.subarray(0, 3).toString('hex'), 'ffd8ff');
      else assert.equal(bytes.subarray(8, 12).toString(), 'WEBP');
      const again = await fetch(url, { headers: { 'If-None-Match': r.headers.get('etag') } });
      assert.equal(again.status, 304);
    }
  }
  const social = await fetch(img.social);
  assert.equal(social.status, 200);
  assert.match(img.social, /-social-50-50\.jpg$/);
  const before = mediaFiles().length;
  assert.equal(before, demoFiles + 11);
  const same = await upload('/api/v1/media', { alt: 'نص آخر' }, { file });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.existed, true);
  assert.equal(same.body.image.id, img.id);
  assert.equal(mediaFiles().length, before, 'stored once');
  assert.equal(Number(sql(srv.db, 'SELECT count(*) FROM media')), demoRows + 1);
});

test('a GPS position in a JPEG is gone after upload, and the photo is turned upright', { skip }, async () => {
  const path = photo(join(srv.dir, 'gps.jpg'), 800, 600, 2);
  execFileSync('exiftool', ['-q', '-overwrite_original', '-GPSLatitude=33.8938', '-GPSLatitudeRef=N',
    '-GPSLongitude=35.5018', '-GPSLongitudeRef=E', '-Orientation#=6', '-Make=SecretCam', path]);
  assert.match(execFileSync('exiftool', ['-GPSPosition', path], { encoding: 'utf8' }), /33 deg/);
  const res = await upload('/api/v1/media', { alt: 'صورة بموقع' }, { file: readFileSync(path) });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.image.width, 600, 'orientation 6: upright, 600 wide');
  for (const s of res.body.image.sizes) {
    for (const url of [s.jpeg, s.webp]) {
      const out = join(srv.dir, 'served');
      writeFileSync(out, Buffer.from(await (await fetch(url)).arrayBuffer()));
      const tags = execFileSync('exiftool', ['-s', '-GPS:all', '-Make', out], { encoding: 'utf8' });
      assert.equal(tags.trim(), '', `${url} still says ${tags}`);
    }
  }
});

test('bad uploads are refused with a JSON error, and nothing is stored', { skip }, async () => {
  const files = mediaFiles();
  const count = sql(srv.db, 'SELECT count(*) FROM media');
  const good = readFileSync(photo(join(srv.dir, 'b.jpg'), 400, 300, 3));
  const cases = [
    ['svg named .jpg', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415, 'unsupported_type', /SVG/],
    ['html named .jpg', Buffer.from('<!doctype html><html><body>not a photo</body></html>'), 415, 'unsupported_type', /HTML/],
    ['zero bytes', Buffer.alloc(0), 422, 'empty_file', /فارغ/],
    ['truncated', good.subarray(0, Math.floor(good.length / 2)), 422, 'corrupt', /تالف/],
    ['random bytes', Buffer.from('x'.repeat(5000)), 415, 'unsupported_type', /ليس صورة/],
  ];
  // A PNG whose header claims 30,000 x 30,000 pixels (900 megapixels).
  cases.push(['30000x30000 png', Buffer.from('89504e470d0a1a0a0000000d4948445200007530000075300802000000e9456fed0000000c49444154789c6360a00c00000040000101b7347cef0000000049454e44ae426082', 'hex'), 422, 'too_many_pixels', /30000×30000/]);
  for (const [what, file, status, code, message] of cases) {
    const res = await upload('/api/v1/media', { alt: 'محاولة' }, { file });
    assert.equal(res.status, status, `${what}: ${res.text}`);
    assert.equal(res.body.error.code, code, what);
    assert.match(res.body.error.message, message, what);
  }
  const noAlt = await upload('/api/v1/media', { caption: 'بلا نص بديل' }, { file: good });
  assert.equal(noAlt.status, 422);
  assert.equal(noAlt.body.error.field, 'alt');
  const noFile = await upload('/api/v1/media', { alt: 'بلا ملف' });
  assert.equal(noFile.status, 422);
  assert.equal(noFile.body.error.field, 'file');
  const json = await fetch(srv.url + '/api/v1/media', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"alt":"x"}' });
  assert.equal(json.status, 415);
  const wrongScope = await upload('/api/v1/media', { alt: 'x' }, { file: good, token: articlesToken });
  assert.equal(wrongScope.status, 403);
  const noToken = await upload('/api/v1/media', { alt: 'x' }, { file: good, token: null });
  assert.equal(noToken.status, 401);
  assert.deepEqual(mediaFiles(), files, 'no file written');
  assert.equal(sql(srv.db, 'SELECT count(*) FROM media'), count, 'no row written');
});

test('an upload over the limit is 413 with the limit in Arabic, declared or chunked', { skip }, async () => {
  const head = `POST /api/v1/media HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=XX\r\nConnection: close\r\n`;
  const declared = await raw(`${head}Content-Length: ${3 * 1024 * 1024}\r\n\r\n`);
  assert.match(declared, /^HTTP\/1\.1 413 /);
  assert.match(declared, /"code":"too_large".*2 ميغابايت/);
  const part = '--XX\r\nContent-Disposition: form-data; name="alt"\r\n\r\nكبير\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n\r\n';
  const chunk = '\xff'.repeat(512 * 1024);
  let chunked = `${head}Transfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`;
  for (let i = 0; i < 6; i++) chunked += `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`;
  chunked += '0\r\n\r\n';
  const res = await raw(chunked);
  assert.match(res, /^HTTP\/1\.1 413 /);
  assert.match(res, /"code":"too_large"/);
  // Removed when the request ends, which may come just after the answer went out; only this
  // server's folder is looked at, not other runs' files in /tmp.
  let uploads = readdirSync(srv.tmp);
  for (let i = 0; i < 50 && uploads.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    uploads = readdirSync(srv.tmp);
  }
  assert.deepEqual(uploads, [], 'temporary files are removed');
});

test('a multipart body that never closes stores nothing; of two file parts only the first is kept', { skip }, async () => {
  const first = readFileSync(photo(join(srv.dir, 'f.jpg'), 300, 200, 7));
  const second = readFileSync(photo(join(srv.dir, 'g.jpg'), 120, 80, 8));
  const head = (length) => `POST /api/v1/media HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=XX\r\nConnection: close\r\nContent-Length: ${length}\r\n\r\n`;
  const part = (name, bytes, filename) => Buffer.concat([
    Buffer.from(`--XX\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n`),
    Buffer.from(bytes), Buffer.from('\r\n')]);
  const send = (body) => raw(Buffer.concat([Buffer.from(head(body.length)), body]));
  const json = (res) => JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4));
  const count = sql(srv.db, 'SELECT count(*) FROM media');
  // The whole body arrives (its Content-Length), but the closing boundary never does: the
  // file's last bytes were held back by the parser, so what came is not the photo sent.
  const open = await send(Buffer.concat([part('alt', 'غير مكتمل'), part('file', first, 'f.jpg')]));
  assert.match(open, /^HTTP\/1\.1 415 /, open);
  assert.equal(json(open).error.code, 'unsupported_media_type');
  assert.equal(sql(srv.db, 'SELECT count(*) FROM media'), count, 'nothing stored');
  const two = await send(Buffer.concat([part('alt', 'ملفان'), part('file', first, 'f.jpg'), part('file', second, 'g.jpg'), Buffer.from('--XX--\r\n')]));
  assert.match(two, /^HTTP\/1\.1 201 /, two);
  const img = json(two).image;
  assert.equal(img.bytes, first.length, 'the first file alone, not both run together');
  assert.equal(img.width, 300);
});

test('the newsroom uploads without JavaScript, searches the library across spellings, and says what is wrong in Arabic', { skip }, async () => {
  const s = new Session(srv.url);
  await s.login('ed', 'a-long-password-1');
  const page = await s.get('/admin/media');
  assert.equal(page.status, 200);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  const csrf = field(page.text, 'csrf');
  const file = readFileSync(photo(join(srv.dir, 'c.jpg'), 1000, 700, 4));
  const res = await upload('/admin/media', { csrf, alt: 'سوق الخضار في الصباح', caption: 'بائعون في سوق المدينة القديمة', credit: 'أحمد المصوّر' }, { file, token: null, cookie: s.cookie });
  assert.equal(res.status, 303, res.text);
  const where = res.headers.get('location');
  assert.match(where, /^\/admin\/media\/\d+\?done=media_uploaded$/);
  const item = await s.get(where);
  assert.match(item.text, /رُفعت الصورة/);
  assert.match(item.text, /srcset="\/media\/[0-9a-f]{32}-320\.webp 320w/);
  assert.match(item.text, /!\[سوق الخضار في الصباح\]\(media:\d+\)/);

  // Search: hamza and harakat do not matter; other words find nothing.
  for (const q of ['المصور', 'سُوق', 'القديمه']) {
    const found = await s.get(`/admin/media?q=${encodeURIComponent(q)}`);
    assert.match(found.text, /بائعون في سوق المدينة القديمة/, q);
  }
  const none = await s.get(`/admin/media?q=${encodeURIComponent('طائرة')}`);
  assert.doesNotMatch(none.text, /بائعون/);
  assert.match(none.text, /لا صور هنا بعد/);
  const edId = sql(srv.db, "SELECT id FROM users WHERE login = 'ed'");
  const byEd = await s.get(`/admin/media?uploader=${edId}`);
  assert.match(byEd.text, /بائعون/);
  const future = await s.get('/admin/media?from=2099-01-01');
  assert.doesNotMatch(future.text, /بائعون/);

  // Bad input on the newsroom's page: the Arabic reason, the words kept, nothing stored.
  const count = sql(srv.db, 'SELECT count(*) FROM media');
  const svg = await upload('/admin/media', { csrf, alt: 'رسم', caption: 'تعليق يبقى' }, { file: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), token: null, cookie: s.cookie });
  assert.equal(svg.status, 415);
  assert.match(svg.text, /role="alert">صور SVG غير مقبولة/);
  assert.match(svg.text, /value="تعليق يبقى"/);
  const noAlt = await upload('/admin/media', { csrf, alt: '' }, { file, token: null, cookie: s.cookie });
  assert.equal(noAlt.status, 422);
  assert.match(noAlt.text, /نصًا بديلًا/);
  const noCsrf = await upload('/admin/media', { alt: 'بلا رمز' }, { file, token: null, cookie: s.cookie });
  assert.equal(noCsrf.status, 403);
  assert.equal(sql(srv.db, 'SELECT count(*) FROM media'), count);

  // A moderator has no library.
  const m = new Session(srv.url);
  await m.login('mod', 'a-long-password-1');
  assert.equal((await m.get('/admin/media')).status, 403);
});

test('a featured photo reaches the article page, cards, feeds, metadata and the sitemap; body images become figures', { skip }, async () => {
  const file = readFileSync(photo(join(srv.dir, 'd.jpg'), 2400, 1600, 5));
  const up = await upload('/api/v1/media', { alt: 'جسر فوق النهر', caption: 'الجسر الجديد عند الغروب', credit: 'مصوّر الصحيفة', focal_x: '30', focal_y: '40' }, { file });
  assert.equal(up.status, 201, up.text);
  const img = up.body.image;
  const inline = await upload('/api/v1/media', { alt: 'خريطة المدينة', caption: 'المدينة من الجو' }, { file: readFileSync(photo(join(srv.dir, 'e.jpg'), 900, 600, 6)) });
  assert.equal(inline.status, 201, inline.text);
  const created = await fetch(srv.url + '/api/v1/articles', {
    method: 'POST', headers: { Authorization: `Bearer ${articlesToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'افتتاح الجسر الجديد', dek: 'ملخص الافتتاح', status: 'published', image_id: img.id,
      body: `فقرة أولى.\n\n![خريطة للمدينة](media:${inline.body.image.id})\n\nفقرة فيها ![صغيرة](media:${inline.body.image.id}) داخل النص.\n\n![لا وجود لها](media:999999)` }),
  });
  const article = await created.json();
  assert.equal(created.status, 201, JSON.stringify(article));
  assert.equal(article.article.image.id, img.id);
  const id = article.article.id;
  const bad = await fetch(`${srv.url}/api/v1/articles/${id}`, {
    method: 'PATCH', headers: { Authorization: `Bearer ${articlesToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ image_id: 999999 }),
  });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).error.field, 'image_id');

  const page = await get(srv.url, `/a/${id}`, { redirect: 'follow', headers: { 'User-Agent': 'media-tests-bot' } });
  assert.equal(page.status, 200);
  const html = page.text;
  const figure = /<figure class="story-photo">([\s\S]*?)<\/figure>/.exec(html)?.[1];
  assert.ok(figure, 'the featured image is a <figure>');
  assert.match(figure, /<source type="image\/webp" srcset="\/media\/[0-9a-f]{32}-320\.webp 320w, [^"]*-1920\.webp 1920w" sizes="[^"]+">/);
  assert.match(figure, /<img src="\/media\/[0-9a-f]{32}-960\.jpg" srcset="[^"]*-320\.jpg 320w[^"]*" sizes="[^"]+" width="960" height="640" alt="جسر فوق النهر" fetchpriority="high">/);
  assert.match(figure, /<figcaption>الجسر الجديد عند الغروب <span class="credit">مصوّر الصحيفة<\/span><\/figcaption>/);
  // In the body: alone in its paragraph a <figure> with its caption, inline a lazy <picture>.
  assert.match(html, /<figure class="photo"><picture>[^]*?alt="خريطة للمدينة" loading="lazy"[^]*?<figcaption>المدينة من الجو<\/figcaption><\/figure>/);
  assert.match(html, /<p>فقرة فيها <picture>[^]*?alt="صغيرة" loading="lazy"[^]*?<\/picture> داخل النص.<\/p>/);
  assert.doesNotMatch(html, /media:999999|لا وجود لها/);
  assert.doesNotMatch(html, /<p><figure/);
  // Every <img> has its size.
  for (const tag of html.match(/<img [^>]*>/g)) assert.match(tag, /width="\d+" height="\d+"/, tag);
  // Metadata: the social crop around the focal point.
  assert.match(html, new RegExp(`<meta property="og:image" content="${srv.url}/media/[0-9a-f]{32}-social-30-40\\.jpg">`));
  assert.match(html, /<meta property="og:image:width" content="1200">/);
  assert.match(html, /<meta property="og:image:height" content="630">/);
  assert.match(html, /<meta name="twitter:card" content="summary_large_image">/);
  const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)[1]);
  assert.match(ld.image[0], /-social-30-40\.jpg$/);
  assert.match(ld.image[1], /-1920\.jpg$/);
  const social = await fetch(ld.image[0]);
  assert.equal(social.status, 200);

  // Home: the newest article leads with its photo.
  const home = await get(srv.url, '/');
  assert.match(home.text, /<article class="lead lead-with-photo">[^]*?fetchpriority="high"/);
  // Feeds.
  const rss = (await get(srv.url, '/feed')).text;
  assert.match(rss, /xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/"/);
  const item = /<item>\n<title>افتتاح الجسر الجديد<\/title>[^]*?<\/item>/.exec(rss)?.[0];
  assert.ok(item);
  const enclosure = /<enclosure url="([^"]+-1920\.jpg)" length="(\d+)" type="image\/jpeg"\/>/.exec(item);
  assert.ok(enclosure, item);
  const largest = await fetch(enclosure[1]);
  assert.equal(Number(enclosure[2]), (await largest.arrayBuffer()).byteLength);
  assert.match(item, /<media:content url="[^"]+-1920\.jpg" medium="image" type="image\/jpeg" width="1920" height="1280">\n<media:description>الجسر الجديد عند الغروب<\/media:description>\n<media:credit>مصوّر الصحيفة<\/media:credit>/);
  const atom = (await get(srv.url, '/feed/atom')).text;
  assert.match(atom, /<link rel="enclosure" type="image\/jpeg" href="[^"]+-1920\.jpg" length="\d+"\/>/);
  // The image sitemap extension.
  const sitemap = (await get(srv.url, '/sitemap-articles-1.xml')).text;
  assert.match(sitemap, /xmlns:image="http:\/\/www\.google\.com\/schemas\/sitemap-image\/1\.1"/);
  assert.match(sitemap, new RegExp(`<loc>[^<]*/a/${id}/[^<]*</loc>\\n<lastmod>[^<]+</lastmod>\\n<image:image>\\n<image:loc>[^<]+-1920\\.jpg</image:loc>`));

  // Delete: refused while an article shows it, done once none does.
  const s = new Session(srv.url);
  await s.login('ed', 'a-long-password-1');
  const refused = await s.post(`/admin/media/${img.id}/delete`);
  assert.equal(refused.status, 409);
  assert.match(refused.text, /لا تُحذف صورة تستعملها مقالات/);
  const unset = await fetch(`${srv.url}/api/v1/articles/${id}`, {
    method: 'PATCH', headers: { Authorization: `Bearer ${articlesToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ image_id: null }),
  });
  assert.equal(unset.status, 200);
  const gone = await s.post(`/admin/media/${img.id}/delete`);
  assert.equal(gone.status, 303);
  assert.equal(sql(srv.db, `SELECT count(*) FROM media WHERE id = ${img.id}`), '0');
  assert.equal((await fetch(img.sizes[0].jpeg)).status, 404, 'its files are gone');
});

test('WebP by <picture>, not by Accept: a WebP source before a JPEG <img>; each address one format whatever Accept says, so no Vary', { skip }, async () => {
  const home = await get(srv.url, '/', { headers: { Accept: 'text/html' } });
  const picture = /<picture>\s*<source type="image\/webp" srcset="([^"]+)"[^>]*>\s*<img src="([^"]+\.jpg)" srcset="([^"]+)"/.exec(home.text);
  assert.ok(picture, 'the home page shows its photos as <picture>');
  const webp = picture[1].split(' ')[0], jpeg = picture[2];
  assert.match(webp, /^\/media\/[0-9a-f]{32}-\d+\.webp$/);
  assert.ok(picture[3].split(', ').every((s) => /\.jpg \d+w$/.test(s)), 'the fallback srcset is all JPEG');
  for (const [url, type, magic] of [[webp, 'image/webp', (b) => b.subarray(8, 12).toString() === 'WEBP'], [jpeg, 'image/jpeg', (b) => b.subarray(0, 3).toString('hex') === 'ffd8ff']]) {
    const bodies = [];
    for (const accept of ['image/avif,image/webp,image/apng,image/*,*/*;q=0.8', 'image/jpeg,image/*;q=0.8', '*/*']) {
      const r = await fetch(srv.url + url, { headers: { Accept: accept } });
      assert.equal(r.status, 200, `${url} with Accept ${accept}`);
      assert.equal(r.headers.get('content-type'), type, `${url} with Accept ${accept}`);
      assert.ok(!/accept/i.test(r.headers.get('vary') ?? ''), 'nothing varies by Accept');
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.ok(magic(bytes), `${url} holds ${type}`);
      bodies.push(bytes.toString('base64'));
    }
    assert.equal(new Set(bodies).size, 1, `${url}: the same bytes whatever the Accept`);
  }
});

test('backups copy the photos beside the copy; export --media-out and import bring featured photos across', { skip }, async () => {
  const up = await upload('/api/v1/media', { alt: 'ميناء المدينة', caption: 'سفن في الميناء', credit: 'أرشيف الصحيفة' }, { file: readFileSync(photo(join(srv.dir, 'f.jpg'), 1300, 800, 7)) });
  assert.equal(up.status, 201, up.text);
  const [a] = rows(srv.db, "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1");
  sql(srv.db, `UPDATE articles SET image_id = ${up.body.image.id} WHERE id = ${a.id}`);

  const copy = join(srv.dir, 'copy.db');
  const backup = sahifa(['backup', '--db', srv.db, copy]);
  assert.equal(backup.status, 0, backup.stderr);
  assert.match(backup.stdout, /with \d+ photo files in .*copy-media/);
  const copied = readdirSync(join(srv.dir, 'copy-media')).flatMap((d) => readdirSync(join(srv.dir, 'copy-media', d)));
  assert.deepEqual(copied.sort(), mediaFiles());

  const out = join(srv.dir, 'export.jsonl'), photos = join(srv.dir, 'exported-photos');
  const ex = sahifa(['export', '--db', srv.db, '--format', 'jsonl', '--media-out', photos, '-o', out]);
  assert.equal(ex.status, 0, ex.stderr);
  const line = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.id === a.id);
  assert.deepEqual({ ...line.image, path: undefined }, { path: undefined, alt: 'ميناء المدينة', caption: 'سفن في الميناء', credit: 'أرشيف الصحيفة' });
  assert.ok(existsSync(line.image.path));

  const other = join(srv.dir, 'other.db');
  const im = sahifa(['import', '--db', other, out]);
  assert.equal(im.status, 0, im.stderr);
  const title = line.title.replace(/'/g, "''");
  const [got] = rows(other, `SELECT m.alt, m.caption, m.credit, m.width FROM articles a JOIN media m ON m.id = a.image_id WHERE a.title = '${title}'`);
  assert.deepEqual(got, { alt: 'ميناء المدينة', caption: 'سفن في الميناء', credit: 'أرشيف الصحيفة', width: 1300 });
  assert.ok(readdirSync(join(srv.dir, 'other-media')).length > 0, 'its files beside the other database');

  const bad = join(srv.dir, 'bad.jsonl');
  writeFileSync(bad, JSON.stringify({ title: 'خبر بصورة مفقودة', body: 'نص', date: '2024-01-01', image: join(srv.dir, 'missing.jpg') }) + '\n');
  const r = sahifa(['import', '--db', other, bad]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /bad\.jsonl:1: photo .*missing\.jpg left out/);
  assert.equal(sql(other, "SELECT count(*) FROM articles WHERE title = 'خبر بصورة مفقودة' AND image_id IS NULL"), '1');
});

test('import --media-from: a WordPress export\'s featured images from its uploads folder; a missing file is named and the article comes without it', { skip }, async () => {
  const up = join(srv.dir, 'wp-uploads');
  execFileSync('mkdir', ['-p', join(up, '2019', '05')]);
  photo(join(up, '2019', '05', 'ميناء.jpg'), 900, 600, 11);
  const post = (id, guid, title, thumb) => `<item><title>${title}</title><guid isPermaLink="false">${guid}</guid>
<content:encoded><![CDATA[<p>نص الخبر.</p>]]></content:encoded><wp:post_id>${id}</wp:post_id>
<wp:post_date_gmt>2019-05-02 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[${thumb}]]></wp:meta_value></wp:postmeta></item>\n`;
  const attachment = (id, url, alt, caption) => `<item><title>مرفق ${id}</title><excerpt:encoded><![CDATA[${caption}]]></excerpt:encoded>
<wp:post_id>${id}</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>${url}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[${alt}]]></wp:meta_value></wp:postmeta></item>\n`;
  // As WordPress 6.5 writes a posts-only export: the attachments after the posts.
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
${post(1, 'wp-port', 'توسعة الميناء', 21)}${post(2, 'wp-lost', 'خبر صورته ضاعت', 22)}
${attachment(21, 'https://old.example/wp-content/uploads/2019/05/%D9%85%D9%8A%D9%86%D8%A7%D8%A1.jpg', 'رافعات في الميناء', 'الرصيف الجديد')}
${attachment(22, 'https://old.example/wp-content/uploads/2019/05/lost.jpg', 'صورة مفقودة', '')}
</channel></rss>\n`;
  const file = join(srv.dir, 'wordpress.xml');
  writeFileSync(file, xml);
  const db = join(srv.dir, 'wp.db');
  assert.equal(sahifa(['init', '--db', db]).status, 0);

  assert.equal(sahifa(['import', '--db', db, '--media-from', join(srv.dir, 'nowhere'), file]).status, 2, 'a folder that is not there is refused');
  const r = sahifa(['import', '--db', db, '--media-from', up, file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /wordpress\.xml:\d+: photo .*wp-uploads\/2019\/05\/lost\.jpg left out/, 'the missing file is named');
  const got = rows(db, "SELECT a.title, m.alt, m.caption, m.width FROM articles a LEFT JOIN media m ON m.id = a.image_id ORDER BY a.title");
  assert.deepEqual(got, [
    { title: 'توسعة الميناء', alt: 'رافعات في الميناء', caption: 'الرصيف الجديد', width: 900 },
    { title: 'خبر صورته ضاعت', alt: null, caption: null, width: null },
  ]);
  assert.ok(readdirSync(join(srv.dir, 'wp-media')).length > 0, 'the sizes are made beside the database');

  // sahifa's own WXR export with --media-out comes back the same way: export -> import round trip.
  const out = join(srv.dir, 'again.xml'), photos = join(srv.dir, 'again-photos');
  const ex = sahifa(['export', '--db', db, '--format', 'wxr', '--media-out', photos, '-o', out]);
  assert.equal(ex.status, 0, ex.stderr);
  const exported = readFileSync(out, 'utf8');
  assert.match(exported, /<wp:post_type>attachment<\/wp:post_type>/);
  assert.match(exported, /<wp:meta_key><!\[CDATA\[_thumbnail_id\]\]><\/wp:meta_key>/);
  assert.equal(readdirSync(photos).length, 1, 'one photo file');
  const copy = join(srv.dir, 'wp-copy.db');
  const im = sahifa(['import', '--db', copy, '--media-from', photos, out]);
  assert.equal(im.status, 0, im.stderr);
  assert.deepEqual(rows(copy, "SELECT a.title, m.alt, m.caption, m.width FROM articles a LEFT JOIN media m ON m.id = a.image_id ORDER BY a.title"), got);
});

test('the HTML importer takes a saved page\'s main image from the files saved beside it', { skip }, async () => {
  const dir = join(srv.dir, 'saved-pages');
  execFileSync('mkdir', ['-p', join(dir, 'page_files')]);
  photo(join(dir, 'page_files', 'lead.jpg'), 800, 500, 12);
  const page = (title, og) => `<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:image" content="${og}"><meta property="og:image:alt" content="جسر فوق النهر">
<meta property="article:published_time" content="2024-03-01T10:00:00+03:00"></head><body>
<article><h1>${title}</h1><figure><img src="page_files/lead.jpg" alt="الجسر"><figcaption>الجسر عند افتتاحه</figcaption></figure>
<p>افتتحت البلدية اليوم الجسر الجديد فوق النهر بعد ثلاث سنوات من العمل، وقال رئيسها إن الجسر يختصر الطريق بين ضفتي المدينة.</p>
<p>وشارك في الافتتاح مئات من سكان المدينة الذين عبروا الجسر سيرا على الأقدام في اليوم الأول.</p></article></body></html>`;
  writeFileSync(join(dir, 'bridge.html'), page('افتتاح جسر النهر', 'page_files/lead.jpg'));
  writeFileSync(join(dir, 'remote.html'), page('صورة على الشبكة', 'https://cdn.example/x.jpg').replace('page_files/lead.jpg"', 'https://cdn.example/y.jpg"'));
  const db = join(srv.dir, 'pages.db');
  assert.equal(sahifa(['init', '--db', db]).status, 0);
  const r = sahifa(['import', '--db', db, dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /remote\.html:1: photo left out: the page's image is not saved with it \(https:\/\/cdn\.example\/x\.jpg is not fetched\)/);
  assert.deepEqual(rows(db, 'SELECT a.title, m.alt, m.caption, m.width FROM articles a LEFT JOIN media m ON m.id = a.image_id ORDER BY a.title'), [
    { title: 'افتتاح جسر النهر', alt: 'جسر فوق النهر', caption: 'الجسر عند افتتاحه', width: 800 },
    { title: 'صورة على الشبكة', alt: null, caption: null, width: null },
  ]);
});
