// The review editor: each [data-review-editor] block has a contenteditable area, a small
// toolbar and a hidden field the form posts. The server sanitises whatever arrives; this file
// only makes writing comfortable. Autosave puts the section every 20 s (when changed) and on
// blur, with the submission's version; a 409 means someone saved in between, and we say so
// instead of overwriting. The sections share that one version, so their saves run one after
// another (a queue), each with the version the one before it produced: moving quickly from
// section to section no longer sends several saves with the same version at once (five of six
// were refused 409 by the server). Loaded without a CDN; pages link here with enhanced navigation off.
(function () {
    "use strict";
    var AUTOSAVE_MS = 20000;

    function command(area, name) {
        area.focus();
        switch (name) {
            case "bold": case "italic": case "underline":
            case "insertUnorderedList": case "insertOrderedList":
                document.execCommand(name, false, null);
                break;
            case "h3":
                document.execCommand("formatBlock", false, "h3");
                break;
            case "p":
                document.execCommand("formatBlock", false, "p");
                break;
            case "table":
                document.execCommand("insertHTML", false,
                    "<table><tbody><tr><th>&nbsp;</th><th>&nbsp;</th></tr><tr><td>&nbsp;</td><td>&nbsp;</td></tr></tbody></table><p><br></p>");
                break;
        }
    }

    function init(root) {
        if (root.dataset.ready) { return; }
        root.dataset.ready = "1";
        var form = root.closest("form");
        var versionField = form && form.querySelector("input[name$='Version']");
        var status = document.getElementById("autosave-status");
        var url = root.getAttribute("data-autosave-url");
        // Saves in flight: a form post waits for them, so it carries the version they produced.
        var inflight = 0;
        var waiting = [];
        // One save at a time across all sections of the form.
        var queue = Promise.resolve();

        function settled() {
            inflight -= 1;
            if (inflight === 0) {
                waiting.splice(0).forEach(function (resume) { resume(); });
            }
        }
        root.querySelectorAll("[data-review-editor-area]").forEach(function (area) {
            var hidden = form.querySelector("input[type=hidden][data-section='" + area.getAttribute("data-section") + "']");
            var saved = area.innerHTML;
            var busy = false;

            function sync() { hidden.value = area.innerHTML; }

            function save() {
                sync();
                if (!url || busy || area.innerHTML === saved) { return; }
                busy = true;
                inflight += 1;
                var sent;
                queue = queue.then(function () {
                    // Read the text and the version when this save's turn comes, not when it was asked for.
                    sync();
                    sent = area.innerHTML;
                    return fetch(url + "/" + encodeURIComponent(area.getAttribute("data-section")), {
                        method: "PUT",
                        credentials: "same-origin",
                        headers: { "Content-Type": "application/json", "X-Requested-With": "Blueprint" },
                        body: JSON.stringify({ html: sent, version: parseInt(versionField.value, 10) })
                    });
                }).then(function (response) {
                    if (response.ok) {
                        return response.json().then(function (body) {
                            versionField.value = body.version;
                            saved = sent;
                            show(status, root.getAttribute("data-saved-text") + " " + new Date().toLocaleTimeString(), false);
                        });
                    }
                    show(status, response.status === 409 ? root.getAttribute("data-conflict-text") : root.getAttribute("data-failed-text"), true);
                }).catch(function () {
                    show(status, root.getAttribute("data-failed-text"), true);
                }).finally(function () { busy = false; settled(); });
            }

            area.addEventListener("input", sync);
            area.addEventListener("blur", save);
            setInterval(save, AUTOSAVE_MS);
            sync();
        });
        root.querySelectorAll("[data-command]").forEach(function (button) {
            button.addEventListener("mousedown", function (e) { e.preventDefault(); });
            button.addEventListener("click", function (e) {
                e.preventDefault();
                var area = button.closest("[data-section-block]").querySelector("[data-review-editor-area]");
                command(area, button.getAttribute("data-command"));
                area.dispatchEvent(new Event("input"));
            });
        });
        if (form) {
            form.addEventListener("submit", function (e) {
                root.querySelectorAll("[data-review-editor-area]").forEach(function (area) { area.dispatchEvent(new Event("input")); });
                if (inflight > 0) {
                    // Leaving the editor to press a button started an autosave: post once it is done.
                    e.preventDefault();
                    var submitter = e.submitter;
                    waiting.push(function () { form.requestSubmit(submitter); });
                }
            });
        }
    }

    function show(el, text, error) {
        if (!el) { return; }
        el.textContent = text;
        el.className = error ? "alert alert-error" : "muted";
    }

    function scan() { document.querySelectorAll("[data-review-editor]").forEach(init); }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", scan);
    } else {
        scan();
    }
    // If the page ever arrives through enhanced navigation, pick it up too.
    if (window.Blazor && window.Blazor.addEventListener) {
        window.Blazor.addEventListener("enhancedload", scan);
    }
}());
