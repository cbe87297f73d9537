// The case page while documents are being processed: every 3 s the page is fetched again and
// its status parts (document rows, the lists' state, the extracted facts: [data-refresh]) are
// replaced one by one, except a part the user is working in (focus inside it, a field in it
// changed, or a fact's "Correct" form open): a half-filled form is never wiped. Without script, <noscript> reloads the page.
(function () {
  "use strict";
  const title = document.getElementById("case-title");
  const live = document.getElementById("case-live");
  if (!title) { return; }
  const INTERVAL_MS = 3000;

  function changed(field) {
    if (field.type === "hidden" || field.type === "submit" || field.type === "button") { return false; }
    if (field.type === "file") { return field.files.length > 0; }
    if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
    if (field.tagName === "SELECT") { return [...field.options].some((o) => o.selected !== o.defaultSelected); }
    return field.value !== field.defaultValue;
  }

  function busy(part) {
    const active = document.activeElement;
    if (active && active !== document.body && part.contains(active)) { return true; }
    // A "Correct" form opened to correct a fact: replacing the part would close it.
    if (part.querySelector("details.correct[open]")) { return true; }
    return [...part.querySelectorAll("input, textarea, select")].some(changed);
  }

  function statusOf(part) {
    const status = part.querySelector(".status");
    return status ? status.textContent.trim() : "";
  }

  function announce(part, before) {
    const after = statusOf(part);
    const name = part.querySelector(".filename");
    if (live && name && before && after && before !== after) {
      live.textContent = name.textContent.trim() + ": " + after;
    }
  }

  function schedule() { window.setTimeout(refresh, INTERVAL_MS); }

  async function refresh() {
    let html = "";
    try {
      const response = await fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (response.status >= 400 && response.status < 500) { return; }  // signed out or gone
      if (!response.ok) { schedule(); return; }
      html = await response.text();
    } catch (error) {
      schedule();
      return;
    }
    const fresh = new DOMParser().parseFromString(html, "text/html");
    for (const part of fresh.querySelectorAll("[data-refresh][id]")) {
      const current = document.getElementById(part.id);
      const copy = document.importNode(part, true);
      if (current) {
        if (!busy(current)) {
          const before = statusOf(current);
          current.replaceWith(copy);
          announce(copy, before);
        }
      } else {
        // A part the page did not have yet (a new attachment's row): add it to its container.
        const container = part.parentElement && part.parentElement.id ? document.getElementById(part.parentElement.id) : null;
        if (container) { container.appendChild(copy); }
      }
    }
    for (const part of document.querySelectorAll("[data-refresh][id]")) {
      if (!fresh.getElementById(part.id) && !busy(part)) { part.remove(); }
    }
    const freshTitle = fresh.getElementById("case-title");
    const pending = Boolean(freshTitle) && freshTitle.dataset.pending === "true";
    title.dataset.pending = pending ? "true" : "false";
    if (pending) { schedule(); }
  }

  if (title.dataset.pending === "true") { schedule(); }
})();
