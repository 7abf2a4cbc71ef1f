/* measure.js -- run.sh's measuring script, for a test copy of review.html
 * only (the report itself runs no script; its Content-Security-Policy
 * forbids it). It writes what the browser computed into the page, where
 * --dump-dom shows it: <pre id="rg-measure"> with one "key=value" a line,
 * in the parent page when the copy is framed (the 390 px phone). */
(function () {
  var out = [];
  out.push('dark=' + matchMedia('(prefers-color-scheme: dark)').matches);
  out.push('viewport=' + document.documentElement.clientWidth);
  var svg = document.querySelector('svg[role="img"]');
  if (svg) {
    var texts = svg.querySelectorAll('text'), min = 1e9;
    for (var i = 0; i < texts.length; i++) {
      /* the size a reader sees: the font size times the chart's scale */
      var px = parseFloat(getComputedStyle(texts[i]).fontSize) * texts[i].getScreenCTM().a;
      if (px < min) min = px;
    }
    var label = svg.querySelector('g.lane text') || texts[0];
    out.push('chart_texts=' + texts.length);
    out.push('min_chart_text_px=' + min.toFixed(2));
    out.push('label_fill=' + getComputedStyle(label).fill);
  }
  out.push('page_background=' + getComputedStyle(document.body).backgroundColor);
  var tables = document.querySelectorAll('table'), captioned = 0;
  for (var k = 0; k < tables.length; k++)
    if (tables[k].caption && tables[k].caption.textContent.trim()) captioned++;
  out.push('tables=' + tables.length);
  out.push('tables_captioned=' + captioned);
  var hs = document.querySelectorAll('h1, h2, h3, h4, h5, h6'), last = 0, jumps = 0;
  for (var h = 0; h < hs.length; h++) {
    var level = +hs[h].tagName.charAt(1);
    if (level > last + 1) jumps++;
    last = level;
  }
  out.push('heading_jumps=' + jumps);
  var pre = document.createElement('pre');
  pre.id = 'rg-measure';
  pre.textContent = '\n' + out.join('\n') + '\n';
  (window.parent !== window ? parent.document.body : document.body).appendChild(pre);
})();
