// moderation.js: "select all" on the moderation queue, a checkbox that ticks every comment
// shown (and shows as partly ticked when some are). Without the script the page offers a link
// to the same list with every box ticked.
'use strict';
(function () {
  var all = document.getElementById('select-all');
  if (!all) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('form.moderation input[name="id"]'));
  document.querySelector('.select-all-js').hidden = false;
  document.querySelector('.select-all-link').hidden = true;
  function sync() {
    var ticked = boxes.filter(function (b) { return b.checked; }).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  all.addEventListener('change', function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
  });
  boxes.forEach(function (b) { b.addEventListener('change', sync); });
  sync();
})();
