// bench/clients.mjs MODE URL [--option value ...]: the clients of bench/slowloris.sh and
// bench/soak.sh, each printing one line of JSON when done. Only 127.0.0.0/8 is used: every
// 127.0.0.x is a loopback address on Linux, so one machine can speak as many clients.
//
//   trickle   --conns N --addrs A --every S --secs T
//       N connections from A addresses (127.0.1.1 ...), each sending a request line and then
//       one header line every S seconds, never finishing its head (slowloris). A connection the
//       server closes is opened again a second later, as the attack tools do.
//       Prints {opened, refused: closed within a second with nothing sent back, cut: closed
//       later, answered: got any bytes back, heldMax: open at once at most, longestS}.
//   probe     --secs T --every S
//       A reader: GET / on a fresh connection every S seconds. Prints {requests, failures,
//       p50, p90, p99, max} (ms; a failure is anything but 200, or no answer in 5 seconds).
//   keepalive --clients N --addrs A --secs T [--path P]
//       N clients from A addresses, each on one kept-alive connection, sending GET P again as
//       soon as the last answer came. Prints {clients, answeredClients, requests, unanswered:
//       requests without an answer in 30 seconds, errors, rps, p50, p99, max}.
//   soak      --db FILE --secs T --clients N
//       Mixed traffic for T seconds on the site whose database is FILE (read with sqlite3 for
//       its addresses and words): N kept-alive readers (home, articles, categories, topics,
//       authors, search with varied queries and pages, feeds, sitemaps, API reads), commenters
//       (the article's form, then its post 3.5 s later), and hostile requests mixed in (an
//       oversized head, 500 arguments, control characters, invalid UTF-8 in a path and in a
//       form, NUL, no Host, many headers, heads trickled a line a second). Prints {requests,
//       statuses: {status: count}, server_errors, unexpected: [hostile answers other than the
//       expected], trickled: {opened, cut, answered}, p50, p99 (ms, readers' requests)}.
//   heads     --count N
//       The soak's hostile requests, one after another, N in all (for a leak check under
//       AddressSanitizer). Prints {sent, answers: {status: count}, unexpected}.
import net from 'node:net';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { raw } from '../tests/lib/post.mjs';

const [mode, base, ...rest] = process.argv.slice(2);
const opt = {};
for (let i = 0; i < rest.length; i += 2) opt[rest[i].replace(/^--/, '')] = rest[i + 1];
const num = (name, dflt) => (opt[name] === undefined ? dflt : Number(opt[name]));
const url = new URL(base);
const port = Number(url.port);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const address = (i, count) => `127.0.1.${(i % count) + 1}`;

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

async function trickle() {
  const conns = num('conns', 2000), addrs = num('addrs', 40), every = num('every', 10) * 1000;
  const until = Date.now() + num('secs', 60) * 1000;
  const st = { opened: 0, refused: 0, cut: 0, answered: 0, heldMax: 0, longestS: 0 };
  let held = 0;
  const slot = (i) => new Promise((done) => {
    if (Date.now() >= until) return done();
    const from = address(i, addrs);
    const sock = net.connect({ port, host: url.hostname, localAddress: from });
    let since = 0, got = false, timer = null, line = 0;
    sock.on('connect', () => {
      since = Date.now();
      st.opened++;
      held++;
      st.heldMax = Math.max(st.heldMax, held);
      sock.write(`GET /?slow=${i} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: trickle\r\n`);
      timer = setInterval(() => {
        if (Date.now() >= until) sock.destroy();
        else sock.write(`X-Line-${line++}: ${i}\r\n`);
      }, every);
    });
    sock.on('data', () => (got = true));
    sock.on('error', () => {});
    sock.on('close', () => {
      clearInterval(timer);
      if (since) {
        held--;
        const lived = Date.now() - since;
        st.longestS = Math.max(st.longestS, Math.round(lived / 100) / 10);
        if (Date.now() < until) {
          if (got) st.answered++;
          else if (lived < 1000) st.refused++;
          else st.cut++;
        }
      }
      setTimeout(() => slot(i).then(done), 1000);
    });
  });
  // Connections open at 200 a second, as a tool ramps up.
  const all = [];
  for (let i = 0; i < conns; i++) {
    all.push(slot(i));
    if (i % 20 === 19) await sleep(100);
  }
  await Promise.all(all);
  return st;
}

// One request on a fresh connection; resolves to {status, ms} (status 0: an error or no answer
// in timeout ms).
function fresh(path, timeout = 5000) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const req = http.get({ host: url.hostname, port, path, agent: false, headers: { Connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: ms() }));
    });
    req.setTimeout(timeout, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: ms() }));
  });
}

async function probe() {
  const until = Date.now() + num('secs', 30) * 1000, every = num('every', 0.1) * 1000;
  const times = [];
  let failures = 0;
  while (Date.now() < until) {
    const t = Date.now();
    const r = await fresh(opt.path || '/');
    if (r.status === 200) times.push(r.ms);
    else failures++;
    await sleep(Math.max(0, every - (Date.now() - t)));
  }
  times.sort((a, b) => a - b);
  return { requests: times.length + failures, failures, p50: percentile(times, 50), p90: percentile(times, 90),
    p99: percentile(times, 99), max: percentile(times, 100) };
}

async function keepalive() {
  const clients = num('clients', 1000), addrs = num('addrs', 40), secs = num('secs', 30);
  const path = opt.path || '/';
  const start = Date.now(), until = start + secs * 1000;
  const times = [];
  let unanswered = 0, errors = 0, answeredClients = 0;
  const client = async (i) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: address(i, addrs) });
    let answered = false;
    while (Date.now() < until) {
      const t0 = process.hrtime.bigint();
      const r = await new Promise((resolve) => {
        const req = http.get({ host: url.hostname, port, path, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        });
        req.setTimeout(30000, () => req.destroy(new Error('timeout')));
        req.on('error', (e) => resolve(e.message === 'timeout' ? 'timeout' : 'error'));
      });
      if (r === 200) {
        answered = true;
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } else if (r === 'timeout') unanswered++;
      else {
        errors++;
        await sleep(100);
      }
    }
    agent.destroy();
    if (answered) answeredClients++;
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  times.sort((a, b) => a - b);
  return { clients, answeredClients, requests: times.length, unanswered, errors,
    rps: Math.round(times.length / ((Date.now() - start) / 1000)), p50: percentile(times, 50), p99: percentile(times, 99),
    max: percentile(times, 100) };
}

function sql(db, query) {
  const out = execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

const many = Array.from({ length: 500 }, (_, i) => `a${i}=1`).join('&');
// Hostile requests and the answers docs/SECURITY.md promises them.
const hostile = [
  [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(40 * 1024)}\r\n\r\n`, [431]],
  [`GET /search?${many} HTTP/1.1\r\nHost: x\r\n\r\n`, [414]],
  ['GET /search?q=%1b[31m HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
  ['GET /search?q=%C2%9B HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
  ['GET /a/%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
  ['GET /robots.txt%00.html HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
  ['GET /robots.txt\0.html HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
  ['GET / HTTP/1.1\r\n\r\n', [400]],
  ['GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', [400]],
  [`GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 1500 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`, [431, 400, 'closed']],
  [`GET / HTTP/1.1\r\nHost: x\r\nCookie: ${Array.from({ length: 1500 }, (_, i) => `c${i}=1`).join('; ')}\r\n\r\n`, [431]],
  ['POST /a/1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n\r\nname=%FF&text=', [400]],
  ['POST /a/1/comments HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n', [413]],
  ['GARBAGE\r\n\r\n', [400, 'closed']],
];

async function soak() {
  const db = opt.db, secs = num('secs', 600), nclients = num('clients', 8);
  const until = Date.now() + secs * 1000;
  const articles = sql(db, "SELECT id, slug, title FROM articles WHERE status = 'published'");
  const slugs = (table) => sql(db, `SELECT slug FROM ${table}`).map((r) => r.slug);
  const categories = slugs('categories'), topics = slugs('topics');
  const authors = sql(db, 'SELECT DISTINCT u.slug FROM users u JOIN articles a ON a.author_id = u.id').map((r) => r.slug);
  const words = [...new Set(articles.flatMap((a) => a.title.split(/\s+/)).filter((w) => w.length > 2))];
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  const enc = encodeURIComponent;
  const article = () => pick(articles);
  const pages = [
    [10, () => '/'],
    [30, () => {
      const a = article();
      return `/a/${a.id}/${enc(a.slug)}`;
    }],
    [5, () => `/a/${article().id}`],
    [8, () => `/c/${enc(pick(categories))}`],
    [2, () => `/c/${enc(pick(categories))}?page=2`],
    [6, () => `/t/${enc(pick(topics))}`],
    [3, () => `/u/${enc(pick(authors))}`],
    [10, () => `/search?q=${enc(pick(words))}`],
    [3, () => `/search?q=${enc(`${pick(words)} ${pick(words)}`)}&sort=date`],
    [2, () => `/search?q=${enc(`"${pick(words)}"`)}&page=2`],
    [2, () => '/feed'],
    [1, () => '/feed/atom'],
    [1, () => `/c/${enc(pick(categories))}/feed`],
    [1, () => '/sitemap.xml'],
    [4, () => '/api/v1/articles'],
    [4, () => `/api/v1/articles/${article().id}`],
    [2, () => `/api/v1/search?q=${enc(pick(words))}`],
    [1, () => '/api/v1/most-read'],
    [1, () => '/api/v1/categories'],
    [1, () => `/api/v1/articles/${article().id}/comments`],
    [1, () => '/nope'],
  ];
  const total = pages.reduce((n, [w]) => n + w, 0);
  const nextPage = () => {
    let r = Math.random() * total;
    for (const [w, f] of pages) if ((r -= w) < 0) return f();
    return '/';
  };
  const statuses = {}, unexpected = [], times = [];
  let requests = 0;
  const count = (status) => {
    requests++;
    statuses[status] = (statuses[status] || 0) + 1;
  };
  const fetchPath = (agent, path, { method = 'GET', body, headers = {} } = {}) => new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: url.hostname, port, path, method, agent,
      headers: { 'User-Agent': 'Mozilla/5.0 soak', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, text, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: e.message === 'timeout' ? 'no answer' : 'error', text: '', ms: 0 }));
    req.end(body);
  });

  const reader = async (i) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.4.${i + 1}` });
    while (Date.now() < until) {
      const r = await fetchPath(agent, nextPage());
      count(r.status);
      if (typeof r.status === 'number' && r.status < 500) times.push(r.ms);
    }
    agent.destroy();
  };

  let commentNo = 0;
  const commenter = async (i) => {
    let n = 0;
    while (Date.now() < until) {
      // A new address every few comments: the per-address rate limits are not what is soaked.
      const from = `127.0.${6 + (i % 4)}.${(n++ % 250) + 1}`;
      const agent = new http.Agent({ keepAlive: false, localAddress: from });
      const a = article();
      const page = await fetchPath(agent, `/a/${a.id}/${enc(a.slug)}`);
      count(page.status);
      const token = /name="token" value="([^"]*)"/.exec(page.text)?.[1];
      await sleep(3500);
      if (token && Date.now() < until) {
        const text = `تعليق رقم ${++commentNo} على ${pick(words)} و${pick(words)}`;
        const body = new URLSearchParams({ token, name: `قارئ ${i}`, text, website: '' }).toString();
        const r = await fetchPath(agent, `/a/${a.id}/comments`, { method: 'POST', body,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } });
        count(r.status);
      }
      agent.destroy();
    }
  };

  const attacker = async () => {
    let i = 0;
    while (Date.now() < until) {
      const [bytes, expected] = hostile[i++ % hostile.length];
      const got = await raw(base, bytes, { from: '127.0.5.1' });
      count(got);
      if (!expected.includes(got) && unexpected.length < 20) unexpected.push(`${bytes.slice(0, 40)}... → ${got}`);
      await sleep(50);
    }
  };

  const trickled = { opened: 0, cut: 0, answered: 0 };
  const trickler = async (i) => {
    while (Date.now() < until) {
      await new Promise((done) => {
        const sock = net.connect({ port, host: url.hostname, localAddress: `127.0.3.${i + 1}` });
        let timer = null, got = false, line = 0;
        sock.on('connect', () => {
          trickled.opened++;
          sock.write('GET / HTTP/1.1\r\nHost: x\r\n');
          timer = setInterval(() => (Date.now() >= until ? sock.destroy() : sock.write(`X-${line++}: y\r\n`)), 1000);
        });
        sock.on('data', () => (got = true));
        sock.on('error', () => {});
        sock.on('close', () => {
          clearInterval(timer);
          if (Date.now() < until) got ? trickled.answered++ : trickled.cut++;
          done();
        });
      });
    }
  };

  await Promise.all([
    ...Array.from({ length: nclients }, (_, i) => reader(i)),
    ...Array.from({ length: 4 }, (_, i) => commenter(i)),
    attacker(),
    ...Array.from({ length: 20 }, (_, i) => trickler(i)),
  ]);
  times.sort((a, b) => a - b);
  const serverErrors = Object.entries(statuses).filter(([k]) => Number(k) >= 500).reduce((n, [, v]) => n + v, 0);
  return { requests, statuses, server_errors: serverErrors, unexpected, trickled,
    p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function heads() {
  const count = num('count', 3000);
  const answers = {}, unexpected = [];
  for (let i = 0; i < count; i++) {
    const [bytes, expected] = hostile[i % hostile.length];
    const got = await raw(base, bytes, { from: '127.0.5.1' });
    answers[got] = (answers[got] || 0) + 1;
    if (!expected.includes(got) && unexpected.length < 20) unexpected.push(`${bytes.slice(0, 40)}... → ${got}`);
  }
  return { sent: count, answers, unexpected };
}

const modes = { trickle, probe, keepalive, soak, heads };
if (!modes[mode]) {
  console.error('usage: node bench/clients.mjs trickle|probe|keepalive|soak|heads URL [--option value ...]');
  process.exit(2);
}
console.log(JSON.stringify(await modes[mode]()));
