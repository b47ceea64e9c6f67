// A unit choice marked data-unit-search="URL" (issue 20: a province has 4,000 units, the page
// lists only the top of the tree): a search box before it asks URL?q=…&take=20 as you type and
// puts the units found at the top of the choice, the first one chosen. The choice stays a plain
// <select> for the keyboard and without JavaScript. The same serves a project choice
// (data-unit-search="/api/projects/lookup": code · name) and a multiple choice (nothing is
// chosen for the user; what was chosen among the found stays when the search changes).
(function () {
    function enhance(select) {
        select.setAttribute('data-unit-search-ready', '');
        var input = document.createElement('input');
        input.type = 'search';
        input.className = 'unit-search';
        input.autocomplete = 'off';
        input.placeholder = select.getAttribute('data-unit-search-label') || '';
        input.setAttribute('aria-label', input.placeholder);
        select.parentNode.insertBefore(input, select);
        var timer = null;
        var asked = 0;
        // Takes the found units away; in a multiple choice those chosen stay, after the group.
        function drop() {
            var group = select.querySelector('optgroup[data-found]');
            if (!group) { return; }
            if (select.multiple) {
                Array.prototype.slice.call(group.querySelectorAll('option:checked')).forEach(function (option) {
                    select.insertBefore(option, group.nextSibling);
                });
            }
            group.remove();
        }
        input.addEventListener('keydown', function (event) {
            // Enter in the box picks what was found instead of sending the form with the old choice.
            if (event.key === 'Enter') {
                event.preventDefault();
                select.focus();
            }
        });
        input.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(function () {
                var text = input.value.trim();
                var mine = ++asked;
                if (!text) {
                    drop();
                    return;
                }
                var url = select.getAttribute('data-unit-search');
                fetch(url + (url.indexOf('?') < 0 ? '?' : '&') + 'take=20&q=' + encodeURIComponent(text), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
                    .then(function (r) { return r.ok ? r.json() : []; })
                    .then(function (units) {
                        if (mine !== asked) { return; }
                        drop();
                        var group = document.createElement('optgroup');
                        group.setAttribute('data-found', '');
                        group.label = (select.getAttribute('data-unit-search-found') || '') + ' (' + units.length + ')';
                        units.forEach(function (u) {
                            if (select.multiple && select.querySelector('option[value="' + u.id + '"]:checked')) { return; }
                            var option = document.createElement('option');
                            option.value = String(u.id);
                            option.textContent = u.code ? u.code + ' · ' + u.name : u.name;
                            group.appendChild(option);
                        });
                        var first = select.querySelector('option[value=""]');
                        select.insertBefore(group, first ? first.nextSibling : select.firstChild);
                        if (units.length > 0 && !select.multiple) { select.value = String(units[0].id); }
                    })
                    .catch(function () { /* the short list stays */ });
            }, 250);
        });
    }
    function init() {
        Array.prototype.forEach.call(document.querySelectorAll('select[data-unit-search]:not([data-unit-search-ready])'), enhance);
    }
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
    // Blazor's enhanced navigation swaps the page without a load event.
    if (window.Blazor && window.Blazor.addEventListener) {
        window.Blazor.addEventListener('enhancedload', init);
    }
})();
