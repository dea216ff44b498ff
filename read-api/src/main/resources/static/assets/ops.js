// The ops page's run charts (uPlot): duration, rows and malformed lines of the last runs, by run id
// (runs published in the same second would stack up on a time axis).
(function () {
  var box = document.getElementById('run-charts');
  if (!box || typeof uPlot === 'undefined') { return; }
  var data = JSON.parse(box.getAttribute('data-runs'));
  [['seconds', '#0b57d0'], ['rows', '#0a7a2f'], ['malformed', '#b3261e']].forEach(function (chart) {
    var target = document.getElementById('chart-' + chart[0]);
    var width = Math.max(240, Math.round(target.getBoundingClientRect().width));
    new uPlot({
      width: width,
      height: 180,
      legend: { show: false },
      scales: { x: { time: false } },
      axes: [{ label: 'run' }, {}],
      series: [{}, { label: chart[0], stroke: chart[1], width: 1.5, points: { show: true, size: 4 } }]
    }, [data.run, data[chart[0]]], target);
  });
})();
