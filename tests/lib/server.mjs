// Starts the real sahifa binary on a free port with a fresh database, as Redis's test suite
// starts real servers: every HTTP and browser test talks to this, never to a mock.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The binary under test: ./sahifa, or SAHIFA_BIN (make test runs the suite again against the
// sanitizer build, build/asan/sahifa).
export const BIN = process.env.SAHIFA_BIN ? resolve(ROOT, process.env.SAHIFA_BIN) : join(ROOT, 'sahifa');

// A report of AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer in a process's
// stderr. The sanitizer build aborts at the first one, but a test must fail even when what
// aborted was only expected to fail.
const SANITIZER_REPORT = /^==\d+==ERROR: (Address|Leak)Sanitizer|^SUMMARY: (Address|UndefinedBehavior)Sanitizer|: runtime error: /m;

// Throws when stderr holds a sanitizer's report, quoting it.
export function assertNoSanitizerReport(stderr, what) {
  const m = SANITIZER_REPORT.exec(stderr);
  if (m) throw new Error(`${what}: sanitizer report:\n${stderr.slice(Math.max(0, m.index - 200), m.index + 4000)}`);
}

// Runs `sahifa ARGS...`, returning {status, stdout, stderr} (never throws on a non-zero exit,
// but throws on a sanitizer's report).
export function sahifa(args, options = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  assertNoSanitizerReport(r.stderr ?? '', `sahifa ${args.join(' ')}`);
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

// Runs SQL against a database with the sqlite3 command-line shell; returns its output, trimmed.
export function sql(db, query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

// Runs a query and returns its rows as objects (sqlite3 -json).
export function rows(db, query) {
  const out = execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

// Creates a database (the demo site unless demo is false), runs `setup(db)` on it if given,
// and serves it, with TMPDIR its own folder tmp. Returns {url, db, dir, tmp, stderr(), stop()}; stop() sends SIGTERM and resolves
// to the exit code, or rejects when the server's stderr holds a sanitizer's report (leaks are
// reported at exit).
export async function startServer({ demo = true, setup, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-test-'));
  const db = join(dir, 'site.db');
  const init = sahifa(['init', '--db', db, ...(demo ? ['--demo'] : [])]);
  if (init.status !== 0) throw new Error(`sahifa init failed: ${init.stderr}`);
  if (setup) setup(db);
  const accessLog = join(dir, 'access.log');
  // Its own temporary folder (uploads in progress), so a test sees only this server's files.
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--access-log', accessLog, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: tmp },
  });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line; stderr: ${stderr}`)), 10000);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      const first = stderr === '';
      stderr += chunk;
      const line = stderr.split('\n')[0];
      if (first && !line.startsWith('listening on') && stderr.includes('\n')) {
        clearTimeout(timer);
        reject(new Error(`first stderr line is not "listening on": ${line}`));
      }
      const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`sahifa serve exited with ${code}: ${stderr}`)));
  });
  // 'close', not 'exit': stderr is read to its end first (a leak report comes last).
  const exited = new Promise((resolve) => proc.on('close', (code, signal) => resolve(code ?? signal)));
  return {
    url,
    db,
    dir,
    tmp,
    accessLog,
    stderr: () => stderr,
    async stop() {
      proc.kill('SIGTERM');
      const code = await exited;
      assertNoSanitizerReport(stderr, 'sahifa serve');
      return code;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// fetch() that never follows redirects and returns {status, headers, text}.
export async function get(base, path, init = {}) {
  const res = await fetch(base + path, { redirect: 'manual', ...init });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
