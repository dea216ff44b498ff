// Draws each row's 7-day rank sparkline with uPlot (rank 1 at the top; a gap where the product was
// not in the top 100). The table is complete without this script.
(function () {
  var table = document.getElementById('best-sellers');
  if (!table || typeof uPlot === 'undefined') { return; }
  var xs = JSON.parse(table.getAttribute('data-windows'));
  table.querySelectorAll('.spark').forEach(function (cell) {
    var ranks = JSON.parse(cell.getAttribute('data-ranks'));
    var known = ranks.filter(function (r) { return r !== null; });
    var worst = Math.max.apply(null, known.concat([1]));
    var box = cell.getBoundingClientRect();
    cell.textContent = '';
    new uPlot({
      width: Math.max(60, Math.round(box.width)),
      height: Math.max(24, Math.round(box.height)),
      legend: { show: false },
      cursor: { show: false },
      select: { show: false },
      padding: [3, 3, 3, 3],
      scales: { x: { time: true }, y: { dir: -1, range: [0.5, worst + 0.5] } },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: '#0b57d0', width: 1.5, spanGaps: false, points: { show: true, size: 3 } }]
    }, [xs, ranks], cell);
  });
})();
