// A newsroom user in tests: creates accounts with the CLI, logs in through the real login
// form, and sends requests with the session cookie and the CSRF token, as a browser would.
import { get, sahifa } from './server.mjs';
import { request } from './post.mjs';

// Creates a user with `sahifa user add`; the password is read from standard input.
export function addUser(db, login, role, password = 'a-long-password-1', name = login) {
  const r = sahifa(['user', 'add', login, '--role', role, '--name', name, '--db', db], { input: `${password}\n` });
  if (r.status !== 0) throw new Error(`user add ${login}: ${r.stderr}`);
  return { login, password };
}

// The value of a form field in a page.
export const field = (html, name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

export class Session {
  constructor(base) {
    this.base = base;
    this.cookie = '';
    this.from = '127.0.0.1';
  }

  remember(headers) {
    const set = headers.get ? headers.get('set-cookie') : headers['set-cookie'];
    const value = Array.isArray(set) ? set[0] : set;
    if (value) this.cookie = value.split(';')[0];
  }

  async get(path) {
    const res = await get(this.base, path, { headers: { Cookie: this.cookie } });
    this.remember(res.headers);
    return res;
  }

  // POSTs a form; adds the CSRF token of the page at `from` unless csrf is given (or false).
  async post(path, fields = {}, { csrf } = {}) {
    if (csrf === undefined) csrf = field((await this.get('/admin/account')).text, 'csrf');
    const body = new URLSearchParams({ ...(csrf ? { csrf } : {}), ...fields }).toString();
    const res = await request(this.base + path, {
      method: 'POST', body, from: this.from,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: this.cookie },
    });
    if (res.headers['set-cookie']) this.cookie = res.headers['set-cookie'][0].split(';')[0];
    return res;
  }

  async login(login, password, next = '') {
    const form = await this.get('/admin/login');
    return this.post('/admin/login', { login, password, next, token: field(form.text, 'token') }, { csrf: false });
  }
}
