// editor.js: the newsroom editor's enhancements. The form works without them; with them, the
// text is kept on the server every 30 seconds while it changes (the user's recovery draft, the
// same one an expired session's save is kept as), and leaving the page with unsaved changes
// asks first. Loaded from the site only (the page's Content-Security-Policy allows nothing
// else), no inline code.
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
})();
