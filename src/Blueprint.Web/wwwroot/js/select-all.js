// Tick boxes of a list: a box marked data-select-all="NAME" ticks or clears every box named NAME
// in its form (the rows shown on this page), and follows them when they are ticked one by one.
(function () {
    function boxes(all) {
        var form = all.form || all.closest('form');
        return form ? Array.prototype.slice.call(form.querySelectorAll('input[type=checkbox][name="' + all.getAttribute('data-select-all') + '"]')) : [];
    }
    document.addEventListener('change', function (event) {
        var box = event.target;
        if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox') {
            return;
        }
        if (box.hasAttribute('data-select-all')) {
            boxes(box).forEach(function (b) { if (!b.disabled) { b.checked = box.checked; } });
            return;
        }
        var form = box.form;
        var all = form && form.querySelector('input[data-select-all="' + box.name + '"]');
        if (all) {
            var list = boxes(all);
            all.checked = list.length > 0 && list.every(function (b) { return b.checked; });
        }
    });
})();
