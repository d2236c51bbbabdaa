// Simple rich text for supplier descriptions, on the browser's own editing commands: paragraphs, bold, italic,
// underline, a small heading, lists, quotes and links. Pasted content arrives as plain text, so formatting copied
// from Word or a web page cannot smuggle styles in. Whatever this produces is only a proposal: the server
// sanitizes it (HtmlSanitizer) before anything is stored or shown.

const editors = new WeakMap();

export function attach(element, toolbar, dotnet, html, linkPrompt) {
    document.execCommand("defaultParagraphSeparator", false, "p");
    show(element, html);
    const state = { range: null, timer: 0 };
    const report = () => {
        clearTimeout(state.timer);
        state.timer = 0;
        dotnet.invokeMethodAsync("Changed", element.textContent.trim() === "" && !element.querySelector("li") ? "" : element.innerHTML);
    };
    // A long description is tens of kilobytes: sent when typing pauses, and at once when the editor loses focus
    // (which happens before any click elsewhere, such as Save, reaches the server).
    const typed = () => {
        clearTimeout(state.timer);
        state.timer = setTimeout(report, 400);
    };
    const left = () => {
        if (state.timer) {
            report();
        }
    };
    const remember = () => {
        const selection = document.getSelection();
        if (selection.rangeCount > 0 && element.contains(selection.anchorNode)) {
            state.range = selection.getRangeAt(0).cloneRange();
        }
    };
    const paste = event => {
        event.preventDefault();
        document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
    };
    // Pressing a button must not take the caret out of the text; the click runs the button's command.
    const press = event => {
        if (event.target.closest("[data-exec]")) {
            event.preventDefault();
        }
    };
    const click = event => {
        const button = event.target.closest("[data-exec]");
        if (button && !button.disabled) {
            run(element, button.dataset.exec, button.dataset.argument || null, linkPrompt);
        }
    };
    element.addEventListener("input", typed);
    element.addEventListener("blur", left);
    element.addEventListener("paste", paste);
    document.addEventListener("selectionchange", remember);
    toolbar.addEventListener("mousedown", press);
    toolbar.addEventListener("click", click);
    editors.set(element, {
        state,
        report,
        detach() {
            clearTimeout(state.timer);
            element.removeEventListener("input", typed);
            element.removeEventListener("blur", left);
            element.removeEventListener("paste", paste);
            document.removeEventListener("selectionchange", remember);
            toolbar.removeEventListener("mousedown", press);
            toolbar.removeEventListener("click", click);
        },
    });
}

/** Shows HTML the server gave (sanitized); an empty editor starts with one paragraph so typing makes <p>, not bare text. */
export function show(element, html) {
    element.innerHTML = html && html.trim() !== "" ? html : "<p><br></p>";
}

/** Runs a toolbar command on the editor's selection. */
function run(element, command, value, linkPrompt) {
    const editor = editors.get(element);
    if (!editor) {
        return;
    }
    // The toolbar keeps the caret in the text (mousedown does nothing), so the live selection is normally still
    // here; the remembered one is only for when it is not (keyboard focus moved to a button).
    const selection = document.getSelection();
    const inside = selection.rangeCount > 0 && element.contains(selection.anchorNode);
    element.focus();
    if (!inside && editor.state.range) {
        selection.removeAllRanges();
        selection.addRange(editor.state.range);
    }
    if (command === "createLink") {
        value = prompt(linkPrompt, "https://");
        if (!value || !/^https?:\/\/\S+$/i.test(value.trim())) {
            return;
        }
        value = value.trim();
    }
    document.execCommand(command, false, value ?? null);
    editor.report();
}

export function detach(element) {
    editors.get(element)?.detach();
    editors.delete(element);
}
