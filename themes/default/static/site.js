// site.js: the readers' pages' enhancements, loaded only by the pages that need them (the
// Content-Security-Policy allows it there and nowhere else). Without it every page still
// works: an embedded post or video is a placeholder with its link.
//
// Embeds are private by default: nothing is asked of the platform until the reader presses
// the placeholder's button; then its frame (data-embed-src, made by the site from the address
// it recognized) replaces the placeholder.
//
// A live page asks the site for updates newer than the newest it shows (data-live-feed,
// ?after=) every data-live-poll seconds and puts them at the top, newest first, each with its
// anchor; it stops when the coverage ends. Without the script the page reloads itself.
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

  var live = document.querySelector('section.live[data-live-on]');
  if (!live) return;
  var list = live.querySelector('.live-updates');
  var status = live.querySelector('.live-status');
  var last = Number(live.dataset.liveLast || 0);
  var timer = setInterval(poll, Math.max(5, Number(live.dataset.livePoll || 30)) * 1000);

  function item(u) {
    var li = document.createElement('li');
    li.className = 'live-update is-new';
    li.id = u.anchor;
    var when = document.createElement('p');
    when.className = 'live-time';
    var link = document.createElement('a');
    link.href = '#' + u.anchor;
    var time = document.createElement('time');
    time.dateTime = u.datetime;
    time.textContent = u.date_time;
    link.append(time);
    when.append(link);
    var body = document.createElement('div');
    body.className = 'live-body';
    body.innerHTML = u.body_html; // the site's own Markdown renderer made it
    li.append(when, body);
    return li;
  }

  function poll() {
    fetch(live.dataset.liveFeed + '?after=' + last, { headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) {
        if (!data) return;
        var fresh = data.updates.filter(function (u) { return u.id > last && !document.getElementById(u.anchor); });
        // Newest first, as on the page: put the oldest of the new ones in first.
        fresh.slice().reverse().forEach(function (u) { list.insertBefore(item(u), list.firstChild); });
        if (fresh.length) {
          last = Math.max.apply(null, fresh.map(function (u) { return u.id; }).concat([last]));
          status.textContent = fresh.length === 1 ? 'وصل تحديث جديد.' : 'وصلت تحديثات جديدة.';
        }
        if (!data.live) {
          clearInterval(timer);
          status.textContent = 'انتهت التغطية المباشرة.';
        }
      })
      .catch(function () { /* the next poll tries again */ });
  }
})();
