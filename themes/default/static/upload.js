// upload.js: the photo library's upload form, enhanced. The form works without it (a multipart
// POST; the browser waits on its own bar while the sizes are made, then shows the image's
// screen). With it: a photo dropped anywhere on the drop zone is taken as the file (sent with
// the words when the editor presses the button), the upload goes in the background with its
// progress shown, then "making the sizes" until the server
// answers (it answers only when every size is stored), and the new photo's thumbnail appears
// at the head of the library, linked to its screen; a refusal shows the server's own Arabic
// message. Loaded from the site only (the page's Content-Security-Policy allows nothing else),
// no inline code.
'use strict';
(function () {
  var form = document.querySelector('form.upload');
  if (!form || !window.FormData || !window.DataTransfer) return;
  var zone = form.querySelector('.dropzone');
  var file = form.querySelector('input[type="file"]');
  var alt = form.querySelector('input[name="alt"]');
  var button = form.querySelector('button[type="submit"]');
  var box = form.querySelector('.upload-progress');
  var bar = box.querySelector('progress');
  var line = box.querySelector('.upload-status');
  var busy = false;

  function say(text, state) {
    box.hidden = false;
    line.textContent = text;
    box.dataset.state = state;
    line.setAttribute('role', state === 'failed' ? 'alert' : 'status');
  }

  // A file chosen or dropped is only chosen: the words go with it, and the editor sends both.
  function chosen() {
    var f = file.files && file.files[0];
    if (!f) return;
    say('اخترت «' + f.name + '».' + (alt.value.trim() ? ' ارفعها حين تكون الكلمات جاهزة.'
      : ' اكتب النص البديل ثم ارفعها.'), 'chosen');
    bar.value = 0;
  }

  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') < 0) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      zone.classList.add('is-over');
    });
  });
  zone.addEventListener('dragleave', function () { zone.classList.remove('is-over'); });
  zone.addEventListener('drop', function (event) {
    zone.classList.remove('is-over');
    if (!event.dataTransfer || !event.dataTransfer.files.length) return;
    event.preventDefault();
    var dt = new DataTransfer();
    dt.items.add(event.dataTransfer.files[0]);
    file.files = dt.files;
    chosen();
  });
  file.addEventListener('change', function () { if (file.files.length) chosen(); });

  // The new photo at the head of the library's grid (made as the server makes it).
  function show(id, url, thumb, altText, caption) {
    var grid = document.querySelector('.media-grid');
    if (!grid) {
      grid = document.createElement('ul');
      grid.className = 'media-grid';
      var empty = document.querySelector('p.empty');
      (empty || form).insertAdjacentElement('afterend', grid);
      if (empty) empty.remove();
    }
    if (grid.querySelector('a[href="' + url + '"]')) return; // already in the library
    var li = document.createElement('li');
    li.className = 'is-new';
    var a = document.createElement('a');
    a.href = url;
    var img = document.createElement('img');
    img.src = thumb;
    img.alt = altText;
    a.appendChild(img);
    var p = document.createElement('p');
    p.className = 'media-caption';
    var link = document.createElement('a');
    link.href = url;
    link.textContent = 'رقم ' + id;
    p.appendChild(link);
    p.appendChild(document.createTextNode(' ' + caption));
    li.appendChild(a);
    li.appendChild(p);
    grid.insertBefore(li, grid.firstChild);
  }

  function send() {
    if (busy) return;
    if (!form.reportValidity()) return;
    busy = true;
    button.disabled = true;
    var data = new FormData(form);
    var altText = alt.value.trim(), caption = form.querySelector('input[name="caption"]').value.trim();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.responseType = 'document';
    bar.max = 100;
    bar.value = 0;
    say('يُرفع: ٠٪', 'uploading');
    xhr.upload.addEventListener('progress', function (event) {
      if (!event.lengthComputable) return;
      var pct = Math.floor(event.loaded * 100 / event.total);
      bar.value = pct;
      say('يُرفع: ' + pct.toLocaleString('ar-EG') + '٪', 'uploading');
    });
    xhr.upload.addEventListener('load', function () {
      bar.removeAttribute('value'); // no measure for the sizes: a bar that says "working"
      say('رُفعت. تُصنع المقاسات الآن…', 'processing');
    });
    xhr.addEventListener('load', function () {
      busy = false;
      button.disabled = false;
      var doc = xhr.response;
      var m = /\/admin\/media\/(\d+)/.exec(xhr.responseURL || '');
      var item = doc && doc.querySelector('.media-item[data-thumb]');
      if (xhr.status === 200 && m && item) {
        bar.value = 100;
        show(m[1], '/admin/media/' + m[1], item.dataset.thumb, altText, caption);
        say(/done=media_existed/.test(xhr.responseURL) ? 'هذه الصورة في المكتبة من قبل: رقم ' + m[1] + '.'
          : 'جاهزة: الصورة رقم ' + m[1] + ' في المكتبة.', 'done');
        form.reset();
        return;
      }
      var alert = doc && doc.querySelector('.alert');
      say(alert ? alert.textContent : 'تعذّر رفع الصورة (' + xhr.status + '). أعد المحاولة.', 'failed');
    });
    xhr.addEventListener('error', function () {
      busy = false;
      button.disabled = false;
      say('انقطع الاتصال قبل أن تكتمل الصورة. أعد المحاولة.', 'failed');
    });
    xhr.send(data);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send();
  });
})();
