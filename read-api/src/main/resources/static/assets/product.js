// Draws each category's rank history with uPlot: rank 1 at the top, a gap where the product was not in
// the top 100 (a window missing between two points), x in epoch seconds. The page's tables carry the
// same figures without this script.
(function () {
  if (typeof uPlot === 'undefined') { return; }
  document.querySelectorAll('.history[data-points]').forEach(function (box) {
    var points = JSON.parse(box.getAttribute('data-points'));
    if (points.length === 0) { return; }
    var step = Infinity;
    for (var i = 1; i < points.length; i++) { step = Math.min(step, points[i][0] - points[i - 1][0]); }
    var xs = [], ranks = [];
    points.forEach(function (p, j) {
      if (j > 0 && p[0] - points[j - 1][0] > 1.5 * step) { xs.push(points[j - 1][0] + step); ranks.push(null); }
      xs.push(p[0]); ranks.push(p[1]);
    });
    var worst = Math.max.apply(null, points.map(function (p) { return p[1]; }));
    new uPlot({
      width: Math.max(240, Math.round(box.getBoundingClientRect().width)),
      height: 200,
      legend: { show: false },
      scales: { x: { time: true }, y: { dir: -1, range: [0.5, worst + 0.5] } },
      axes: [{}, { label: 'rank' }],
      series: [{}, { label: 'rank', stroke: '#0b57d0', width: 2, spanGaps: false, points: { show: true, size: 4 } }]
    }, [xs, ranks], box);
  });
})();
