// Follows a report while its job runs (Features/Reports/Show.cshtml). Every few seconds it reads the page again and
// updates the status and progress in place, so a screen reader hears the change (role="status") and nobody loses
// their place; once the report is no longer in progress (ready, failed, or the session ended) it loads that page.
// Without JavaScript the page's "Check progress" link does the same by hand. A file of the app's own: the
// Content-Security-Policy runs no inline script.
(function () {
    'use strict';
    var region = document.getElementById('report-progress');
    if (!region || !window.fetch || !window.DOMParser) {
        return;
    }
    var seconds = Number(region.getAttribute('data-poll-seconds')) || 2;

    function copyText(page, id) {
        var now = document.getElementById(id), next = page.getElementById(id);
        if (now && next && now.textContent !== next.textContent) {
            now.textContent = next.textContent;
        }
    }

    function poll() {
        fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' } })
            .then(function (response) {
                return response.text().then(function (html) { return { ok: response.ok, html: html }; });
            })
            .then(function (answer) {
                var page = new DOMParser().parseFromString(answer.html, 'text/html');
                if (!answer.ok || !page.getElementById('report-progress')) {
                    window.location.reload();
                    return;
                }
                copyText(page, 'status');
                copyText(page, 'report-progress-status');
                var bar = document.getElementById('report-progress-bar'), nextBar = page.getElementById('report-progress-bar');
                if (bar && nextBar) {
                    bar.value = nextBar.value;
                    bar.textContent = nextBar.textContent;
                }
                schedule();
            })
            .catch(schedule); // the network is down for a moment: try again
    }

    function schedule() {
        window.setTimeout(poll, seconds * 1000);
    }

    schedule();
})();
