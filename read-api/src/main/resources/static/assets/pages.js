// Shared by the pages: "N min ago" next to each <time class="age"> (the HTML itself, cached for the
// run, carries only absolute times).
(function () {
  document.querySelectorAll('time.age').forEach(function (el) {
    var minutes = Math.round((Date.now() - Date.parse(el.getAttribute('datetime'))) / 60000);
    if (!isNaN(minutes)) {
      el.insertAdjacentText('afterend', ' (' + (minutes < 1 ? 'just now' : minutes + ' min ago') + ')');
    }
  });
})();
