// Long actions (imports, report generation): when a form marked data-busy is submitted, its
// submit button is disabled (no double import) and its status line shows an indeterminate bar
// and the seconds elapsed, until the server's answer replaces the page.
(function () {
    document.addEventListener('submit', function (event) {
        var form = event.target;
        if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-busy') || event.defaultPrevented) {
            return;
        }
        var status = form.querySelector('[data-busy-status]');
        var button = form.querySelector('button[type=submit]');
        if (button) {
            // Disable after the submit has captured the form data.
            setTimeout(function () { button.disabled = true; }, 0);
        }
        if (!status) {
            return;
        }
        status.hidden = false;
        var seconds = status.querySelector('[data-busy-seconds]');
        var started = Date.now();
        setInterval(function () {
            if (seconds) {
                seconds.textContent = String(Math.round((Date.now() - started) / 1000));
            }
        }, 500);
    }, true);
})();

// A button marked data-print prints the page (no inline onclick: the Content-Security-Policy
// allows no inline script). Delegated, so it works after Blazor's enhanced navigation too.
(function () {
    document.addEventListener('click', function (event) {
        var button = event.target instanceof Element ? event.target.closest('[data-print]') : null;
        if (button) {
            window.print();
        }
    });
})();
