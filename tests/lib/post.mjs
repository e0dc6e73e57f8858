// POST requests from a chosen local address (any of 127.0.0.0/8 on Linux), so tests can speak
// as many different readers; the server sees each as its own client address.
import http from 'node:http';
import net from 'node:net';

// Sends a request from localAddress; resolves to {status, headers, text}.
export function request(url, { method = 'GET', body = '', from = '127.0.0.1', headers = {} } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, localAddress: from,
        headers: { 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'Mozilla/5.0 test', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      });
    req.on('error', reject);
    req.end(body);
  });
}

// POSTs body (a string) to url from localAddress.
export function post(url, body, { from = '127.0.0.1', type = 'application/x-www-form-urlencoded' } = {}) {
  return request(url, { method: 'POST', body, from, headers: { 'Content-Type': type } });
}

// A form body from an object.
export const form = (fields) => new URLSearchParams(fields).toString();

// Sends raw bytes (what fetch cannot send: no Host, a NUL, a head of any size) on a fresh
// connection from localAddress; resolves to the response's status code, 'closed' when the
// server closed the connection without one, or 'no answer' when none came in timeout ms.
export function raw(url, bytes, { from = '127.0.0.1', timeout = 10000 } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect({ port: Number(port), host: hostname, localAddress: from }, () => sock.write(bytes));
    let data = '';
    const status = () => /^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1];
    sock.setEncoding('latin1');
    sock.setTimeout(timeout, () => {
      sock.destroy();
      resolve('no answer');
    });
    sock.on('data', (d) => {
      data += d;
      if (status()) {
        sock.destroy();
        resolve(Number(status()));
      }
    });
    sock.on('error', () => {}); // a reset is a close here
    sock.on('close', () => resolve(status() ? Number(status()) : 'closed'));
  });
}
