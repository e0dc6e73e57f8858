// site.js: the readers' pages' enhancements, loaded only by the pages that need them (the
// Content-Security-Policy allows it there and nowhere else). Without it every page still
// works: an embedded post or video is a placeholder with its link.
//
// Embeds are private by default: nothing is asked of the platform until the reader presses
// the placeholder's button; then its frame (data-embed-src, made by the site from the address
// it recognized) replaces the placeholder.
'use strict';
(function () {
  document.querySelectorAll('figure.embed[data-embed-src]').forEach(function (figure) {
    var button = figure.querySelector('.embed-load');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var frame = document.createElement('iframe');
      frame.src = figure.dataset.embedSrc;
      frame.title = figure.dataset.embedTitle || '';
      frame.className = 'embed-frame embed-' + (figure.dataset.embedShape === 'video' ? 'video' : 'post');
      frame.allow = 'encrypted-media; fullscreen; picture-in-picture';
      frame.allowFullscreen = true;
      frame.referrerPolicy = 'strict-origin-when-cross-origin';
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-presentation allow-popups-to-escape-sandbox');
      figure.querySelectorAll('.embed-note, .embed-load').forEach(function (e) { e.remove(); });
      figure.insertBefore(frame, figure.firstChild);
      frame.focus();
    });
  });
})();
