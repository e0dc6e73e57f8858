// comment.js: the comment form's signed token, fetched when the reader starts to write.
//
// The article page is the same for every reader, so that caches can keep it; the token that
// makes a post genuine (signed, single-use, good from 3 seconds to 24 hours after it was given)
// comes from GET /a/{id}/comments/token instead, at the form's first focus. A post sent sooner
// than 3 seconds after the token waits out the rest. Without this script the server asks the
// reader to confirm the post once, with a token in that answer (pages/comments.c).
'use strict';
(function () {
  const MIN_AGE_MS = 3000;
  for (const form of document.querySelectorAll('form[data-token-url]')) {
    const field = form.querySelector('input[name="token"]');
    if (!field) continue;
    let request = null;
    let givenAt = 0;
    const fetchToken = () => {
      if (!request) {
        request = fetch(form.dataset.tokenUrl, { credentials: 'same-origin', cache: 'no-store' })
          .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
          .then((body) => {
            field.value = body.token;
            givenAt = Date.now();
          })
          .catch((err) => {
            request = null; // the next focus or the post tries again
            throw err;
          });
      }
      return request;
    };
    if (!field.value) form.addEventListener('focusin', () => fetchToken().catch(() => {}), { once: true });
    form.addEventListener('submit', (event) => {
      if (field.value && (!givenAt || Date.now() - givenAt >= MIN_AGE_MS)) return;
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      // Without a token the post still goes: the server then asks to confirm it.
      fetchToken()
        .then(() => new Promise((done) => setTimeout(done, Math.max(0, MIN_AGE_MS - (Date.now() - givenAt)))))
        .catch(() => {})
        .finally(() => form.submit());
    });
  }
})();
