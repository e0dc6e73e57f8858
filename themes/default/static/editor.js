// editor.js: the newsroom editors' enhancements. The forms work without them; with them, the
// text is kept on the server every 30 seconds while it changes (the user's recovery draft, the
// same one an expired session's save is kept as), leaving the page with unsaved changes asks
// first, and a live preview beside the text shows it as the page will (rendered by the site's
// own renderer, /admin/preview), with its word count, reading time and the address its slug
// makes. Loaded from the site only (the page's Content-Security-Policy allows nothing else),
// no inline code.
'use strict';
(function () {
  var form = document.querySelector('form.editor');
  if (!form) return;
  var AUTOSAVE_MS = 30000;
  var status = form.querySelector('.autosave-status');
  var dirty = false;     // changed since the page was loaded or last submitted
  var unsaved = false;   // changed since the last autosave
  var submitting = false;

  function say(text, bad) {
    if (!status) return;
    status.textContent = text;
    status.hidden = false;
    status.classList.toggle('is-bad', !!bad);
  }

  form.addEventListener('input', function () { dirty = true; unsaved = true; });
  form.addEventListener('change', function () { dirty = true; unsaved = true; });
  form.addEventListener('submit', function () { submitting = true; });

  window.addEventListener('beforeunload', function (event) {
    if (!dirty || submitting) return;
    event.preventDefault();
    event.returnValue = '';
  });

  function autosave() {
    if (!unsaved || submitting) return;
    unsaved = false;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.dataset.autosave, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }).then(function (res) {
      return res.json().then(function (data) { return { ok: res.ok, status: res.status, data: data }; });
    }).then(function (r) {
      if (r.ok) {
        say('حُفظت مسودة تلقائيًا ' + r.data.when + '. لم يُحفظ المقال نفسه بعد.');
      } else {
        unsaved = true;
        say(r.status === 401 || r.status === 403
          ? 'انتهت جلستك: لم تُحفظ المسودة. سجّل الدخول في نافذة أخرى ثم احفظ؛ نصك باقٍ هنا.'
          : 'تعذّر حفظ المسودة الآن؛ سنحاول من جديد.', true);
      }
    }).catch(function () {
      unsaved = true;
      say('تعذّر الاتصال بالخادم لحفظ المسودة؛ سنحاول من جديد.', true);
    });
  }
  if (form.dataset.autosave) setInterval(autosave, AUTOSAVE_MS);

  // The live preview, the text's figures and the address, asked of the server a moment after
  // typing stops.
  var pane = form.querySelector('.live-preview');
  var stats = form.querySelector('.text-stats');
  var address = form.querySelector('.address-preview');
  var PREVIEW_AFTER_MS = 400;
  var timer = null, asked = 0;
  function field(name) { return form.elements[name] ? form.elements[name].value : ''; }
  function preview() {
    var mine = ++asked;
    var body = new URLSearchParams();
    body.set('csrf', field('csrf'));
    ['title', 'slug', 'body'].forEach(function (name) { body.set(name, field(name)); });
    body.set('kind', form.dataset.kind || 'article');
    body.set('id', form.dataset.id || '0');
    fetch(form.dataset.preview, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }).then(function (res) { return res.ok ? res.json() : null; }).then(function (data) {
      if (!data || mine !== asked) return; // an older answer, or none
      if (pane) {
        // The site's own renderer made this HTML (raw HTML off, links checked): the page's.
        pane.querySelector('.story-body').innerHTML = data.html;
        pane.hidden = false;
        form.classList.add('has-live-preview');
      }
      if (stats) stats.textContent = data.words_text + (data.minutes_text ? ' · ' + data.minutes_text : '');
      if (address) address.textContent = data.address;
    }).catch(function () { /* the preview waits for the next change */ });
  }
  if (form.dataset.preview) {
    form.addEventListener('input', function (event) {
      if (!/^(title|slug|body)$/.test(event.target.name)) return;
      clearTimeout(timer);
      timer = setTimeout(preview, PREVIEW_AFTER_MS);
    });
    preview();
  }
})();
