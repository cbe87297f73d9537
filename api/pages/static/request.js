// FOI request overview and job panel: time changes, document selection, jobs with a progress
// bar (polling), release. Plain script; JSON API calls carry the X-CSRF-Token header.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const panel = $("job-panel");
  if (!panel) { return; }
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const requestId = panel.dataset.request;
  const base = "/api/requests/" + requestId;
  const live = $("live");
  const stringsNode = $("job-strings");
  const T = stringsNode ? JSON.parse(stringsNode.textContent) : { kinds: {}, statuses: {} };
  const statusLabel = (status) => T.statuses[status] || String(status || "").replace(/_/g, " ");
  const kindLabel = (kind) => { const short = kind.replace("disclosure.", ""); return T.kinds[short] || short; };

  function announce(message) { if (live) { live.textContent = message; } }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) {
      const message = (payload.error && payload.error.message) || String(response.status);
      announce(message);
      const error = new Error(message);
      error.detail = payload.error || {};
      throw error;
    }
    return payload;
  }

  const timeForm = $("time-form");
  if (timeForm) {
    timeForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      await api("POST", base + "/time-changes", { kind: $("tc-kind").value, days: Number($("tc-days").value), reason: $("tc-reason").value });
      window.location.reload();
    });
  }
  const docsForm = $("documents-form");
  if (docsForm) {
    docsForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      // Each chosen document's title in the package (empty: the value-free default).
      const titles = {};
      for (const field of document.querySelectorAll(".doc-title")) {
        const id = Number(field.dataset.document);
        if (order.includes(id)) { titles[id] = field.value.trim(); }
      }
      await api("PUT", base + "/documents", { document_ids: order, titles: titles });
      window.location.reload();
    });
  }
  // The package order: the saved selection in its order, then documents in the order ticked.
  const picks = [...document.querySelectorAll(".doc-pick")];
  const order = picks.filter((el) => el.checked)
    .sort((a, b) => Number(a.dataset.position) - Number(b.dataset.position))
    .map((el) => Number(el.dataset.document));
  function showOrder() {
    picks.forEach((el) => {
      const at = order.indexOf(Number(el.dataset.document));
      el.closest("tr").querySelector(".doc-position").textContent = at >= 0 ? String(at + 1) : "";
    });
  }
  picks.forEach((el) => el.addEventListener("change", () => {
    const id = Number(el.dataset.document);
    const at = order.indexOf(id);
    if (el.checked && at < 0) { order.push(id); }
    if (!el.checked && at >= 0) { order.splice(at, 1); }
    showOrder();
  }));
  const allCases = $("all-cases");
  if (allCases) {
    const own = panel.dataset.case || "";
    allCases.addEventListener("change", () => {
      document.querySelectorAll(".doc-row").forEach((row) => {
        const checked = row.querySelector(".doc-pick").checked;
        row.hidden = !allCases.checked && !checked && row.dataset.case !== own;
      });
    });
  }

  const lang = document.documentElement.lang === "fr" ? "fr" : "en";
  function reviewLink(params) {
    const query = new URLSearchParams({ lang: lang, ...params });
    return "/requests/" + requestId + "/review?" + query.toString();
  }

  let timer = null;
  function show(job) {
    const bar = $("job-progress");
    bar.max = Math.max(1, job.total);
    bar.value = job.done + job.failed;
    $("job-text").textContent = kindLabel(job.kind) + " #" + job.id + ": " + job.done + "/" + job.total +
      (job.failed ? ", " + job.failed + " " + (T.failed || "failed") : "") + " — " + statusLabel(job.status);
    const errors = $("job-errors");
    errors.textContent = "";
    // A failure names document, page, box and the kind of problem (never the value): each
    // box it names links to that box on the review page.
    function failure(text, documentId) {
      const li = document.createElement("li");
      li.className = "job-failure";
      li.appendChild(document.createTextNode(text));
      const named = [...text.matchAll(/document (\d+) page (\d+)(?: box (\d+))?/g)];
      for (const m of named) {
        const a = document.createElement("a");
        a.href = reviewLink(m[3] ? { box: m[3] } : { document: m[1], page: m[2] });
        a.textContent = m[0];
        a.className = "failure-link";
        li.appendChild(document.createTextNode(" · "));
        li.appendChild(a);
      }
      if (!named.length && documentId) {
        const a = document.createElement("a");
        a.href = reviewLink({ document: documentId, page: 1 });
        a.textContent = "#" + documentId;
        a.className = "failure-link";
        li.appendChild(document.createTextNode(" · "));
        li.appendChild(a);
      }
      errors.appendChild(li);
    }
    for (const item of job.items || []) {
      if (item.error_code) {
        failure("#" + item.document_id + ": " + item.error_code + " — " + (item.error_message || ""), item.document_id);
      }
    }
    if (job.error_message) { failure(job.error_message, null); }
    const resume = $("resume-job");
    if (resume) { resume.hidden = !(job.status === "queued" || job.status === "running"); resume.dataset.job = job.id; }
    const downloads = $("downloads");
    downloads.textContent = "";
    if (job.package_sha256) {
      for (const [suffix, label] of [["pdf", "PDF"], ["csv", "CSV"]]) {
        const a = document.createElement("a");
        a.href = base + "/jobs/" + job.id + "/" + suffix;
        a.textContent = (job.kind === "disclosure.consult" ? (T.consult || "Consult") + " " : "") + label;
        a.id = "download-" + suffix;
        downloads.appendChild(a);
        downloads.appendChild(document.createTextNode(" "));
      }
    }
    const release = $("release");
    if (release) { release.disabled = job.request_status !== "ready"; }
    if (job.request_status) {
      const status = $("request-status");
      if (status) { status.textContent = statusLabel(job.request_status); status.className = "status status-" + job.request_status; }
    }
  }
  async function poll(jobId) {
    const job = await api("GET", base + "/jobs/" + jobId);
    show(job);
    if (job.status === "queued" || job.status === "running") {
      timer = window.setTimeout(() => poll(jobId), 1000);
    } else {
      announce(kindLabel(job.kind) + ": " + statusLabel(job.status));
    }
  }
  // A refused build names what is still to decide: boxes by document, page, id and type.
  function showGaps(detail) {
    const errors = $("job-errors");
    errors.textContent = "";
    const li = document.createElement("li");
    li.textContent = detail.message;
    errors.appendChild(li);
    for (const b of detail.undecided || []) {
      const item = document.createElement("li");
      item.dataset.box = b.box_id;
      const a = document.createElement("a");
      a.href = reviewLink({ box: b.box_id });
      a.textContent = "#" + b.document_id + " p. " + b.page + ": " + (b.entity_type || "—") + " #" + b.box_id;
      item.appendChild(a);
      errors.appendChild(item);
    }
    for (const p of detail.pages_without_disposition || []) {
      const item = document.createElement("li");
      item.dataset.page = p.document_id + "-" + p.page;
      const a = document.createElement("a");
      a.href = reviewLink({ document: p.document_id, page: p.page });
      a.textContent = "#" + p.document_id + " p. " + p.page;
      item.appendChild(a);
      errors.appendChild(item);
    }
  }
  async function run(kind) {
    if (timer) { window.clearTimeout(timer); }
    let job;
    try {
      job = await api("POST", base + "/jobs", { kind: kind });
    } catch (error) {
      if (error.detail && error.detail.code === "review_incomplete") { showGaps(error.detail); return; }
      throw error;
    }
    panel.dataset.job = job.id;
    show(job);
    poll(job.id);
  }
  if ($("run-job")) { $("run-job").addEventListener("click", () => run("package")); }
  if ($("run-consult")) { $("run-consult").addEventListener("click", () => run("consult")); }
  if ($("resume-job")) {
    $("resume-job").addEventListener("click", async () => {
      const job = await api("POST", base + "/jobs/" + $("resume-job").dataset.job + "/resume");
      poll(job.id);
    });
  }
  // Release cannot be undone: the dialog names what goes out (documents, pages, the
  // package's hash) and asks again; only its own button releases.
  const dialog = $("release-dialog");
  if ($("release") && dialog) {
    $("release").addEventListener("click", async () => {
      const current = await api("GET", base);
      $("release-number").textContent = current.number;
      const list = $("release-documents");
      list.textContent = "";
      for (const d of current.documents) {
        const li = document.createElement("li");
        li.textContent = d.title + " — " + d.filename + " (" + d.pages + ")";
        list.appendChild(li);
      }
      const job = current.package_job || {};
      $("release-pages").textContent = String(job.pages == null ? "?" : job.pages);
      $("release-sha").textContent = current.package_sha256 || "";
      dialog.showModal();
      $("release-confirm").focus();
    });
    $("release-cancel").addEventListener("click", () => dialog.close());
    $("release-confirm").addEventListener("click", async () => {
      $("release-confirm").disabled = true;
      try {
        const result = await api("POST", base + "/release");
        announce(result.status);
        window.location.reload();
      } finally {
        $("release-confirm").disabled = false;
        dialog.close();
      }
    });
  }
  if (panel.dataset.job) { poll(panel.dataset.job); }
})();
