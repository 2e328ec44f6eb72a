// newsprobe report: draws the highlights from each article's span data, switches layers,
// filters scored spans, shows details on hover and focus, builds findings tables on demand,
// sorts the summary table. Reads only the page's own JSON blocks; writes text with
// textContent, never as markup; loads nothing.
(function () {
  'use strict';
  var page = JSON.parse(document.getElementById('np-page').textContent);
  var LAYERS = page.layers; // [name, on by default, scored]
  var TECH = page.tech; // label -> [short name, definition, colour index]
  var state = { on: LAYERS.map(function (l) { return l[1]; }), min: 0 };
  var SENT = idx('sentences'), TECHL = idx('techniques'), QUOTES = idx('quotes'), FURN = idx('furniture');
  var tip = document.getElementById('np-tip');
  var arts = [];

  function idx(name) {
    for (var i = 0; i < LAYERS.length; i++) { if (LAYERS[i][0] === name) { return i; } }
    return -1;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function cpLen(s) { return /[\uD800-\uDBFF]/.test(s) ? Array.from(s).length : s.length; }
  function u16(s, cp) { // UTF-16 index of code point offset cp in s
    if (!/[\uD800-\uDBFF]/.test(s)) { return cp; }
    var i = 0;
    for (var k = 0; k < cp && i < s.length; k++) { i += s.codePointAt(i) > 0xffff ? 2 : 1; }
    return i;
  }

  document.querySelectorAll('script.np-spans').forEach(function (s) {
    var root = document.getElementById(s.getAttribute('data-for'));
    if (!root) { return; }
    var data = JSON.parse(s.textContent);
    var items = [];
    data.ly.forEach(function (pair) {
      pair[1].forEach(function (r) {
        items.push({ L: pair[0], s: r[0], e: r[1], label: data.lab[r[2]], score: r[3] == null ? null : r[3],
                     note: r[4] || '', badge: r[5] || '', flags: r[6] || 0, seg: r[7] || null, n: items.length });
      });
    });
    arts.push({ root: root, orig: root.cloneNode(true), items: items, art: root.closest('.article') });
  });

  function visible(it) {
    if (!state.on[it.L] || (it.flags & 2)) { return false; }
    return !(LAYERS[it.L][2] && it.score !== null && it.score < state.min);
  }

  function markClass(it, sentIdx) {
    var c = 'l' + it.L;
    if (it.L === TECHL) { c += ' tt tq' + techIndex(it.label); }
    if (it.L === SENT) { c += ' sen a' + (sentIdx % 2); }
    if (it.L === FURN) { c += ' fur'; }
    if (it.flags & 1) { c += ' doubt'; }
    if (it.L === QUOTES && it.label === 'title') { c += ' ttl'; }
    return c;
  }
  function techIndex(label) { return TECH[label] ? TECH[label][2] : 14; }

  function units(root) { // text nodes and hidden-character markers, in order
    var out = [];
    var w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    var n = w.nextNode();
    while (n) {
      if (n.nodeType === 3) { if (n.data.length) { out.push(n); } }
      else if (n.classList.contains('inv')) { out.push(n); }
      n = w.nextNode();
    }
    return out;
  }

  function render(a) {
    var root = a.root;
    root.replaceChildren.apply(root, Array.from(a.orig.cloneNode(true).childNodes));
    var opens = {}, closes = {}, points = {}, cuts = {};
    var sentN = 0;
    function add(map, pos, v) { (map[pos] = map[pos] || []).push(v); cuts[pos] = true; }
    a.items.forEach(function (it) {
      if (it.L === SENT) { it.alt = sentN++; }
      if (!visible(it)) { return; }
      var ranges = it.seg || [[it.s, it.e]];
      ranges.forEach(function (r, k) {
        if (r[0] === r[1]) { if (k === 0) { add(points, r[0], it); } return; }
        add(opens, r[0], { it: it, first: k === 0 });
        add(closes, r[1], it);
      });
    });
    var active = [];
    var started = [];
    var pos = 0;
    var lastUnit = null;
    function events(p) {
      (closes[p] || []).forEach(function (it) { var i = active.indexOf(it); if (i >= 0) { active.splice(i, 1); } });
      (opens[p] || []).forEach(function (o) { active.push(o.it); if (o.first) { started.push(o.it); } });
    }
    function wrap(node, p) {
      (points[p] || []).forEach(function (it) {
        var m = el('mark', 'pt ' + markClass(it, it.alt));
        m._k = [it]; m.tabIndex = 0;
        node.parentNode.insertBefore(m, node);
      });
      points[p] = null;
      if (!active.length) { started = []; return; }
      var byLayer = {};
      active.forEach(function (it) { (byLayer[it.L] = byLayer[it.L] || []).push(it); });
      var keys = Object.keys(byLayer).map(Number).sort(function (x, y) { return x - y; });
      var shown = active.filter(function (it) { return it.L !== SENT; });
      var outer = null, inner = null, markOf = {};
      keys.forEach(function (L) {
        var its = byLayer[L];
        var m = el('mark', markClass(its[its.length - 1], its[its.length - 1].alt));
        m._k = shown;
        markOf[L] = m;
        if (inner) { inner.appendChild(m); } else { outer = m; }
        inner = m;
      });
      node.parentNode.insertBefore(outer, node);
      inner.appendChild(node);
      started.sort(function (x, y) { return x.L - y.L; }).forEach(function (it) {
        if (it.L === SENT) { return; }
        if (it.badge) {
          var b = el('span', 'bd l' + it.L + (it.L === TECHL ? ' tt tq' + techIndex(it.label) : '') +
                     (it.flags & 1 ? ' doubt' : '') + (it.L === FURN ? ' fur' : '') +
                     (it.L === QUOTES && it.label === 'title' ? ' ttl' : ''));
          // drawn by CSS from data-b: visible, but not part of the article's text (nor of a copy)
          b.setAttribute('data-b', it.badge); b.setAttribute('aria-label', it.badge);
          b.tabIndex = 0; b._k = [it].concat(shown.filter(function (x) { return x !== it; }));
          outer.parentNode.insertBefore(b, outer);
        } else {
          markOf[it.L].tabIndex = 0;
        }
      });
      started = [];
    }
    var cutList = Object.keys(cuts).map(Number).sort(function (x, y) { return x - y; }), ci = 0;
    units(root).forEach(function (u) {
      var len = u.nodeType === 3 ? cpLen(u.data) : +(u.getAttribute('data-n') || 1);
      var inner = [];
      while (ci < cutList.length && cutList[ci] <= pos) { ci++; }
      while (ci < cutList.length && cutList[ci] < pos + len) { inner.push(cutList[ci++]); }
      if (u.nodeType !== 3) { // a marker for a run of hidden characters: one piece, events inside it applied at its start
        events(pos); inner.forEach(events); wrap(u, pos);
        pos += len; lastUnit = u;
        return;
      }
      // split first (the pieces stay siblings), then wrap each piece
      var pieces = [[u, pos]], node = u, start = pos;
      inner.forEach(function (c) {
        node = node.splitText(u16(node.data, c - start));
        start = c;
        pieces.push([node, c]);
      });
      pieces.forEach(function (p) { events(p[1]); wrap(p[0], p[1]); });
      pos += len;
      lastUnit = u;
    });
    (points[pos] || []).forEach(function (it) {
      var m = el('mark', 'pt ' + markClass(it, it.alt));
      m._k = [it]; m.tabIndex = 0;
      (lastUnit && lastUnit.parentNode ? lastUnit.parentNode : root).appendChild(m);
    });
    updateBelow(a);
  }

  function updateBelow(a) {
    if (!a.art) { return; }
    a.art.querySelectorAll('.below').forEach(function (s) {
      var L = +s.getAttribute('data-l');
      var n = a.items.filter(function (it) { return it.L === L && it.score !== null && it.score < state.min; }).length;
      s.textContent = n ? '(' + n + ' below ' + state.min.toFixed(2) + ', hidden)' : '';
    });
  }

  function renderAll() {
    // stack the underlines of the layers shown, one step apart, and make room for them
    var depth = 0, bodyStyle = document.body.style;
    LAYERS.forEach(function (l, i) {
      if (i === SENT || i === FURN || !state.on[i]) { return; }
      depth += 1;
      bodyStyle.setProperty('--d' + i, (1 + 2.5 * depth) + 'px');
    });
    bodyStyle.setProperty('--lh', (1.7 + 0.1 * depth).toFixed(2));
    arts.forEach(render);
    hideTip();
  }

  // --- details on hover and focus ---------------------------------------------------------
  function showTip(target) {
    var its = (target._k || []).filter(function (it) { return it.L !== SENT; });
    if (!its.length) { return; }
    tip.replaceChildren();
    its.forEach(function (it) {
      var line = el('div', 'tl' + (it.flags & 1 ? ' doubt' : ''));
      var sw = el('i', 'sw l' + it.L + (it.L === TECHL ? ' tt tq' + techIndex(it.label) : ''));
      line.appendChild(sw);
      var head = LAYERS[it.L][0] + ' \u00b7 ' + (it.L === TECHL && TECH[it.label] ? TECH[it.label][0] + ' (' + it.label + ')' : it.label);
      line.appendChild(el('b', '', head));
      if (it.score !== null) { line.appendChild(document.createTextNode(' (score ' + it.score.toFixed(2) + ')')); }
      if (it.note) { line.appendChild(document.createTextNode(' \u00b7 ' + it.note)); }
      if (it.L === TECHL && TECH[it.label] && TECH[it.label][1]) { line.appendChild(el('div', 'def', TECH[it.label][1])); }
      tip.appendChild(line);
    });
    tip.hidden = false;
    var r = target.getBoundingClientRect();
    var left = Math.max(4, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = left + 'px';
    tip.style.top = (r.bottom + window.scrollY + 4) + 'px';
    target.setAttribute('aria-describedby', 'np-tip');
  }
  function hideTip() { tip.hidden = true; }
  function hit(e) { var t = e.target; return t && t.closest ? t.closest('mark,.bd') : null; }
  document.addEventListener('mouseover', function (e) { var t = hit(e); if (t && t._k) { showTip(t); } });
  document.addEventListener('mouseout', function (e) { if (hit(e) && document.activeElement !== hit(e)) { hideTip(); } });
  document.addEventListener('focusin', function (e) { var t = hit(e); if (t && t._k) { showTip(t); } else { hideTip(); } });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') { hideTip(); } });

  // --- controls ------------------------------------------------------------------------------
  document.querySelectorAll('input[data-l]').forEach(function (box) {
    box.addEventListener('change', function () { state.on[+box.getAttribute('data-l')] = box.checked; renderAll(); });
  });
  var range = document.getElementById('np-min'), num = document.getElementById('np-min-n');
  var pending = false;
  function setMin(v, from) {
    v = Math.max(0, Math.min(1, +v || 0));
    state.min = v;
    if (from !== range) { range.value = v; }
    if (from !== num) { num.value = v.toFixed(2); }
    if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; renderAll(); }); }
  }
  if (range) { range.addEventListener('input', function () { setMin(range.value, range); }); }
  if (num) { num.addEventListener('change', function () { setMin(num.value, num); }); }

  // --- findings tables, built when opened ---------------------------------------------------
  function displayChars(a) {
    var out = [];
    units(a.orig).forEach(function (u) {
      if (u.nodeType === 3) { Array.from(u.data).forEach(function (c) { out.push(c); }); }
      else {
        out.push('\u27e8' + u.getAttribute('data-c') + '\u27e9');
        for (var k = 1; k < +(u.getAttribute('data-n') || 1); k++) { out.push(''); }
      }
    });
    return out;
  }
  function cell(tr, text, cls) { tr.appendChild(el('td', cls || '', text)); }
  document.querySelectorAll('details.findings').forEach(function (det) {
    det.addEventListener('toggle', function () {
      if (!det.open || det._built) { return; }
      det._built = true;
      var a = arts.filter(function (x) { return x.root.id === det.getAttribute('data-for'); })[0];
      if (!a) { return; }
      var chars = displayChars(a);
      var byL = {};
      a.items.forEach(function (it) { if (it.L !== SENT) { (byL[it.L] = byL[it.L] || []).push(it); } });
      Object.keys(byL).map(Number).sort(function (x, y) { return x - y; }).forEach(function (L) {
        var its = byL[L];
        det.appendChild(el('h4', '', LAYERS[L][0] + ' (' + its.length + ')'));
        var t = el('table', 'grid'), head = el('tr');
        ['chars', 'label', 'score', 'text', 'details'].forEach(function (h) { head.appendChild(el('th', '', h)); });
        t.appendChild(el('thead')).appendChild(head);
        var body = t.appendChild(el('tbody'));
        its.slice(0, 400).forEach(function (it) {
          var tr = body.appendChild(el('tr', it.flags & 1 ? 'doubt' : ''));
          var text = chars.slice(it.s, it.e).join('');
          cell(tr, it.s + '\u2013' + it.e, 'num');
          cell(tr, (it.L === TECHL && TECH[it.label] ? TECH[it.label][0] : it.label));
          cell(tr, it.score === null ? '' : it.score.toFixed(2), 'num');
          cell(tr, text.length > 300 ? text.slice(0, 299) + '\u2026' : text, 'q');
          cell(tr, it.note);
        });
        det.appendChild(t);
        if (its.length > 400) { det.appendChild(el('p', 'dim', '(and ' + (its.length - 400) + ' more)')); }
      });
    });
  });

  // --- sortable tables -----------------------------------------------------------------------
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var ths = table.querySelectorAll('thead th');
    ths.forEach(function (th, col) {
      var b = th.querySelector('button');
      if (!b) { return; }
      b.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        ths.forEach(function (x) { x.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.from(body.rows);
        var val = function (r) { return (r.cells[col] ? r.cells[col].textContent : '').trim(); };
        var numeric = rows.every(function (r) { var v = val(r); return v === '' || v === '\u2013' || !isNaN(+v.replace(/,/g, '')); });
        rows.sort(function (x, y) {
          var p = val(x), q = val(y), c;
          if (numeric) {
            p = p === '' || p === '\u2013' ? -1 : +p.replace(/,/g, ''); q = q === '' || q === '\u2013' ? -1 : +q.replace(/,/g, '');
            c = p - q;
          } else { c = p.localeCompare(q); }
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // a link can choose the layers and the minimum score: report.html#on=quotes,techniques&min=0.5
  (function () {
    var h = decodeURIComponent(location.hash.slice(1));
    h.split('&').forEach(function (kv) {
      var p = kv.split('=');
      if (p[0] === 'on') {
        var names = p[1] ? p[1].split(',') : [];
        state.on = LAYERS.map(function (l) { return names.indexOf(l[0]) >= 0; });
        document.querySelectorAll('input[data-l]').forEach(function (b) { b.checked = state.on[+b.getAttribute('data-l')]; });
      } else if (p[0] === 'min' && p[1]) {
        state.min = Math.max(0, Math.min(1, +p[1] || 0));
        if (range) { range.value = state.min; num.value = state.min.toFixed(2); }
      }
    });
  })();
  renderAll();
  document.documentElement.setAttribute('data-np-ready', '1');
})();
