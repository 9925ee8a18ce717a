/* Desk page behaviour: keep the queue fresh and confirm deletions. No framework, no CDN. */
(function () {
  "use strict";
  var rows = document.getElementById("queue-rows");
  if (rows) {
    var url = rows.getAttribute("data-refresh");
    var refresh = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (response.status === 401) {
            window.location.href = "/login";
            return null;
          }
          return response.ok ? response.text() : null;
        })
        .then(function (text) {
          // The server renders the rows with autoescaped templates, as for the full page.
          if (text !== null && text !== undefined && text !== rows.innerHTML) rows.innerHTML = text;
        })
        .catch(function () {});
    };
    window.setInterval(refresh, 1000); // a new handoff shows within about a second
  }
  Array.prototype.forEach.call(document.querySelectorAll("form.confirm"), function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
})();
