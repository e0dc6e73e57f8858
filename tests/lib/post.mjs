// POST requests from a chosen local address (any of 127.0.0.0/8 on Linux), so tests can speak
// as many different readers; the server sees each as its own client address.
import http from 'node:http';

// Sends body (a string) to url from localAddress; resolves to {status, headers, text}.
export function post(url, body, { from = '127.0.0.1', type = 'application/x-www-form-urlencoded' } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', localAddress: from,
        headers: { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'Mozilla/5.0 test' } },
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

// A form body from an object.
export const form = (fields) => new URLSearchParams(fields).toString();
