// Filters the categories as you type (the form works without this script: a GET with ?q=).
(function () {
  var input = document.getElementById('q');
  var rows = document.querySelectorAll('#categories tbody tr');
  var count = document.getElementById('shown-count');
  if (!input || !count) { return; }
  var total = count.textContent.replace(/^\d+ of /, '');
  function filter() {
    var needle = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var match = needle === '' || row.getAttribute('data-name').indexOf(needle) >= 0;
      row.hidden = !match;
      if (match) { shown++; }
    });
    count.textContent = shown + ' of ' + total;
  }
  input.addEventListener('input', filter);
})();
