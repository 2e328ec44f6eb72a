// newsprobe viewer: links to single spans and small form niceties, on top of the report's
// report.js (which draws the highlights and keeps each highlight's spans in its `_k` list).
// Reads only the page's own JSON block #np-spanmap; writes text with textContent; loads nothing.
(function () {
  'use strict';
  var mapEl = document.getElementById('np-spanmap');
  var map = mapEl ? JSON.parse(mapEl.textContent) : null;
  var byRef = {}, byPos = {};
  if (map) {
    map.spans.forEach(function (r) { // [layer, id, start, end, layer index]
      var ref = r[0] + '-' + r[1];
      byRef[ref] = r;
      var key = r[4] + ':' + r[2] + ':' + r[3];
      if (!(key in byPos)) { byPos[key] = ref; }
    });
  }

  function hrefFor(ref) { var q = encodeURIComponent(ref); return '?span=' + q + '#span-' + q; }

  function refOf(el) {
    var its = el._k || [];
    for (var i = 0; i < its.length; i++) {
      var ref = byPos[its[i].L + ':' + its[i].s + ':' + its[i].e];
      if (ref) { return ref; }
    }
    return null;
  }

  function showSelected(ref) {
    var out = document.getElementById('np-selected');
    if (!out) { return; }
    out.replaceChildren();
    if (!ref) { return; }
    var a = document.createElement('a');
    a.href = hrefFor(ref);
    a.className = 'np-go';
    a.setAttribute('data-span', ref);
    a.textContent = 'link to ' + ref.replace('-', ' ');
    out.appendChild(a);
  }

  function targets(row) {
    var root = map && document.getElementById(map['for']);
    if (!root) { return []; }
    return Array.from(root.querySelectorAll('mark,.bd')).filter(function (el) {
      return (el._k || []).some(function (it) { return it.L === row[4] && it.s === row[2] && it.e === row[3]; });
    });
  }

  // Switch the span's layer on, mark its highlight and move the focus there (which shows its details).
  function focusSpan(ref) {
    var row = byRef[ref];
    if (!row) { return false; }
    var box = document.querySelector('input[data-l="' + row[4] + '"]');
    if (box && !box.checked) { box.click(); }
    var found = targets(row);
    if (!found.length) { return false; }
    document.querySelectorAll('.np-target').forEach(function (el) { el.classList.remove('np-target'); });
    found.forEach(function (el) { el.classList.add('np-target'); });
    var first = found.filter(function (el) { return el.classList.contains('bd') && el._k[0].s === row[2] && el._k[0].L === row[4]; })[0] ||
      found.filter(function (el) { return el.tabIndex >= 0; })[0] || found[0];
    if (first.tabIndex < 0) { first.tabIndex = -1; }
    first.scrollIntoView({ block: 'center' });
    first.focus({ preventScroll: true });
    showSelected(ref);
    return true;
  }

  function fromLocation() {
    var h = location.hash;
    if (h.indexOf('#span-') === 0) { return decodeURIComponent(h.slice(6)); }
    var q = new URLSearchParams(location.search).get('span');
    return q || null;
  }

  if (map) {
    document.addEventListener('focusin', function (e) {
      var t = e.target && e.target.closest ? e.target.closest('mark,.bd') : null;
      if (t && t._k) { showSelected(refOf(t)); }
    });
    document.addEventListener('click', function (e) {
      var a = e.target && e.target.closest ? e.target.closest('a.np-go[data-span]') : null;
      if (!a || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
      var ref = decodeURIComponent(a.getAttribute('data-span'));
      if (!byRef[ref]) { return; }
      e.preventDefault();
      history.pushState(null, '', a.getAttribute('href'));
      focusSpan(ref);
    });
    window.addEventListener('hashchange', function () { var r = fromLocation(); if (r) { focusSpan(r); } });
    var start = fromLocation();
    if (start) { focusSpan(start); }
  }

  // forms: say that the analysis is running (it takes a few seconds)
  document.querySelectorAll('form.np-form').forEach(function (f) {
    f.addEventListener('submit', function () {
      var b = f.querySelector('button[type=submit]');
      if (b) { b._label = b._label || b.textContent; b.disabled = true; b.textContent = 'Analysing\u2026'; }
    });
  });
  window.addEventListener('pageshow', function () { // back from the result: the buttons work again
    document.querySelectorAll('form.np-form button[disabled]').forEach(function (b) { b.disabled = false; b.textContent = b._label || b.textContent; });
  });
  document.documentElement.setAttribute('data-np-viewer', '1');
})();
