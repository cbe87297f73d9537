// The redaction review page: page images with their boxes, decisions, keyboard shortcuts.
// Plain script, no build step. Calls the JSON API with the session cookie and X-CSRF-Token.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const T = JSON.parse(document.getElementById("review-strings").textContent);
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const base = "/api/requests/" + data.request.id;
  const $ = (id) => document.getElementById(id);
  const img = $("page-image"), layer = $("boxes"), frame = $("page-frame"), live = $("live");
  let boxes = new Map(data.boxes.map((b) => [b.id, b]));
  // A released request is read-only: its tools are hidden and nothing here changes it.
  const locked = data.request.status === "released";
  let docIndex = 0, pageNo = 1, selectedId = null;

  function announce(message) { live.textContent = ""; window.setTimeout(() => { live.textContent = message; }, 30); }

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
      announce(T.error + ": " + message);
      throw new Error(message);
    }
    return payload;
  }

  const doc = () => data.documents[docIndex];
  const page = () => doc().pages[pageNo - 1];
  const pageCount = () => doc().pages.length;

  function showProgress(p) {
    $("review-progress").textContent = T.progress + ": " + p.pages_reviewed + "/" + p.pages + " " +
      T.pages_reviewed + " · " + p.boxes_reviewed + "/" + p.boxes + " " + T.boxes_reviewed;
  }

  function ordered() {
    const order = new Map(data.documents.map((d, i) => [d.id, i]));
    return [...boxes.values()].sort((a, b) =>
      (order.get(a.document_id) - order.get(b.document_id)) || (a.page - b.page) ||
      (b.rect[3] - a.rect[3]) || (a.rect[0] - b.rect[0]));
  }

  function imageUrl(d, n) { return base + "/documents/" + d.id + "/pages/" + n + "/image"; }

  function showPage() {
    if (!data.documents.length) { return; }
    const p = page();
    img.src = imageUrl(doc(), pageNo);
    img.alt = T.document + " " + doc().title + ", " + T.page + " " + pageNo + " " + T.of + " " + pageCount();
    $("page-label").textContent = T.page + " " + pageNo + " " + T.of + " " + pageCount();
    $("doc-select").value = String(docIndex);
    $("disposition").value = p.disposition || "";
    showWithheld(p);
    const note = $("duplicate-note");
    if (p.duplicate_of) {
      note.hidden = false;
      note.textContent = T.duplicate_of + " " + T.document + " " + p.duplicate_of.of[0] + ", " + T.page + " " + p.duplicate_of.of[1] + " (" + p.duplicate_of.method + ")";
    } else { note.hidden = true; }
    renderThumbs();
    applyZoom();
    if (img.complete && img.naturalWidth) { drawBoxes(); }
    // Warm the cache for the next page: switching pages then shows a cached image.
    if (pageNo < pageCount()) { new Image().src = imageUrl(doc(), pageNo + 1); }
  }
  img.addEventListener("load", drawBoxes);

  function scale() { return img.clientWidth / page().width; }
  // Boxes are in the PDF's user space; the image shows the MediaBox, whose lower-left corner
  // is the page's origin (not always (0, 0)). Page points <-> pixels on the image:
  function origin() { return page().origin || [0, 0]; }
  function toPixels(rect) {
    const s = scale(), o = origin(), top = o[1] + page().height;
    return { left: (rect[0] - o[0]) * s, top: (top - rect[3]) * s, width: (rect[2] - rect[0]) * s, height: (rect[3] - rect[1]) * s };
  }
  function toPoints(x0, y0, x1, y1) {
    const s = scale(), o = origin(), top = o[1] + page().height;
    return [o[0] + Math.min(x0, x1) / s, top - Math.max(y0, y1) / s, o[0] + Math.max(x0, x1) / s, top - Math.min(y0, y1) / s];
  }
  function place(el, rect) {
    const p = toPixels(rect);
    el.style.left = p.left + "px"; el.style.top = p.top + "px";
    el.style.width = p.width + "px"; el.style.height = p.height + "px";
  }

  function drawBoxes() {
    layer.textContent = "";
    for (const b of ordered()) {
      if (b.document_id !== doc().id || b.page !== pageNo) { continue; }
      const el = document.createElement("button");
      el.type = "button";
      el.className = "rbox " + b.status + (b.id === selectedId ? " selected" : "");
      el.dataset.id = String(b.id);
      el.dataset.status = b.status;
      el.dataset.type = b.entity_type || "";
      place(el, b.rect);
      el.setAttribute("aria-label", (b.entity_type || T.manual) + ", " + (T[b.status] || b.status) + ", " + b.exemption_code);
      if (asReleased && b.status === "accepted") { el.textContent = b.exemption_code; }
      el.setAttribute("aria-pressed", b.id === selectedId ? "true" : "false");
      el.addEventListener("click", (event) => { event.stopPropagation(); select(b.id, true); });
      el.addEventListener("pointerdown", (event) => event.stopPropagation());
      layer.appendChild(el);
    }
  }

  function goTo(newDoc, newPage) {
    const changed = newDoc !== docIndex || newPage !== pageNo;
    docIndex = newDoc; pageNo = newPage;
    if (changed) { showPage(); }
  }

  async function select(id, focus) {
    const b = boxes.get(id);
    if (!b) { return; }
    selectedId = id;
    const di = data.documents.findIndex((d) => d.id === b.document_id);
    goTo(di, b.page);
    drawBoxes();
    if (focus) {
      const el = layer.querySelector('[data-id="' + id + '"]');
      if (el) { el.focus(); }
    }
    $("no-box").hidden = true;
    $("box-detail").hidden = false;
    $("d-type").textContent = b.entity_type || T.manual;
    $("d-status").textContent = T[b.status] || b.status;
    $("d-code").value = b.exemption_code;
    $("remove").hidden = b.source !== "manual";
    // "Everywhere": the exact value for any detected box, the person in all forms for a
    // name the case analysis linked to one person.
    $("same-group").hidden = !b.has_value;
    $("accept-person").hidden = $("person-help").hidden = !b.person;
    $("d-recognizer").textContent = "…"; $("d-score").textContent = ""; $("d-context").textContent = "";
    const detail = await api("GET", base + "/redactions/" + id);
    if (selectedId !== id) { return; }
    $("d-recognizer").textContent = detail.recognizer || "—";
    $("d-score").textContent = detail.score == null ? "—" : Number(detail.score).toFixed(2);
    $("d-context").textContent = detail.context || "—";
  }

  function step(delta) {
    const list = ordered();
    if (!list.length) { return; }
    let i = list.findIndex((b) => b.id === selectedId);
    if (i < 0) {
      i = list.findIndex((b) => b.document_id === doc().id && b.page >= pageNo);
      i = i < 0 ? 0 : (delta > 0 ? i : Math.max(0, i - 1));
    } else {
      i = Math.min(list.length - 1, Math.max(0, i + delta));
    }
    select(list[i].id, true);
  }

  async function decide(decision) {
    if (selectedId == null || locked) { return; }
    const body = { decision: decision };
    if (decision === "recode") { body.exemption_code = $("d-code").value; }
    const before = snapshot([selectedId]);
    const result = await api("POST", base + "/redactions/" + selectedId + "/decision", body);
    remember((result.box.entity_type || T.manual) + " " + (T[result.box.status] || result.box.status), () => restore(before));
    boxes.set(result.box.id, result.box);
    renderTable();
    showProgress(result.progress);
    announce((result.box.entity_type || T.manual) + ": " + (T[result.box.status] || result.box.status) + ", " + result.box.exemption_code);
    // The same value decided the other way elsewhere in the document: say so, and stay on
    // this box so the reviewer can change it or go on deliberately.
    const note = $("value-note");
    const contradicting = result.contradicting || 0;
    note.hidden = contradicting === 0;
    if (contradicting) {
      const key = result.box.status === "accepted" ? "contradicting_withheld" : "contradicting_released";
      note.textContent = T[key].replace("{n}", String(contradicting));
    }
    if (decision === "recode" || contradicting) { select(result.box.id, true); } else { step(1); }
  }

  async function reload(message) {
    const fresh = await api("GET", base + "/review");
    $("value-note").hidden = true;  // a bulk change settles what the note was about
    data.documents = fresh.documents;
    boxes = new Map(fresh.boxes.map((b) => [b.id, b]));
    fillTypes(fresh.entity_types);
    showProgress(fresh.progress);
    showPage();
    drawBoxes();
    renderTable();
    if (message) { announce(message); }
  }

  function fillTypes(types) {
    const select = $("bulk-type");
    select.textContent = "";
    for (const t of types) { const o = document.createElement("option"); o.value = t; o.textContent = t; select.appendChild(o); }
  }

  // --- page navigation, dispositions ---------------------------------------------------------
  data.documents.forEach((d, i) => {
    const o = document.createElement("option"); o.value = String(i); o.textContent = d.filename ? d.filename + " (" + d.title + ")" : d.title; $("doc-select").appendChild(o);
  });
  $("doc-select").addEventListener("change", (e) => { selectedId = null; goTo(Number(e.target.value), 1); });
  function nextPage(delta) {
    let d = docIndex, n = pageNo + delta;
    if (n > pageCount()) { if (d + 1 < data.documents.length) { d += 1; n = 1; } else { n = pageCount(); } }
    if (n < 1) { if (d > 0) { d -= 1; n = data.documents[d].pages.length; } else { n = 1; } }
    selectedId = null; goTo(d, n);
  }
  $("prev-page").addEventListener("click", () => nextPage(-1));
  $("next-page").addEventListener("click", () => nextPage(1));
  // A page withheld in full shows a banner with its section; the package replaces it by a
  // placeholder page naming that section.
  function showWithheld(p) {
    const withheld = p.disposition === "withheld_in_full";
    $("withheld-code-row").hidden = !withheld;
    $("withheld-code").value = withheld ? (p.withheld_under || "") : "";
    const banner = $("withheld-banner");
    banner.hidden = !withheld;
    banner.textContent = withheld ? T.withheld_in_full + " — " + (p.withheld_under || "") : "";
    $("page-frame").classList.toggle("withheld", withheld);
  }
  async function saveDisposition(value, code, fromUndo) {
    const body = { disposition: value };
    if (code) { body.exemption_code = code; }
    const before = { doc: docIndex, page: pageNo, disposition: page().disposition || null, code: page().withheld_under || null };
    const result = await api("PUT", base + "/documents/" + doc().id + "/pages/" + pageNo + "/disposition", body);
    if (!fromUndo) {
      remember(T.page + " " + pageNo + ": " + (value ? T[value] : T.none), async () => {
        goTo(before.doc, before.page);
        await saveDisposition(before.disposition, before.disposition === "withheld_in_full" ? before.code : null, true);
      });
    }
    page().disposition = result.disposition;
    page().withheld_under = result.withheld_under;
    showProgress(result.progress);
    showWithheld(page());
    renderThumbs();
    const under = result.withheld_under ? " (" + result.withheld_under + ")" : "";
    announce(T.page + " " + pageNo + ": " + (value ? T[value] : T.none) + under);
  }
  $("disposition").addEventListener("change", (e) => saveDisposition(e.target.value || null, null));
  $("save-withheld-code").addEventListener("click", () => {
    saveDisposition("withheld_in_full", $("withheld-code").value.trim() || null);
  });
  $("mark-duplicates").addEventListener("click", async () => {
    const result = await api("POST", base + "/duplicates/mark");
    await reload(T.duplicate + ": " + result.marked);
  });

  // --- decisions ---------------------------------------------------------------------------
  $("accept").addEventListener("click", () => decide("accept"));
  $("reject").addEventListener("click", () => decide("reject"));
  $("recode").addEventListener("click", () => decide("recode"));
  $("remove").addEventListener("click", async () => {
    if (selectedId == null) { return; }
    const gone = boxes.get(selectedId);
    const result = await api("DELETE", base + "/redactions/" + selectedId);
    remember(T.remove, async () => {
      const again = await api("POST", base + "/redactions", { document_id: gone.document_id, page: gone.page, rect: gone.rect, exemption_code: gone.exemption_code });
      boxes.set(again.box.id, again.box);
      showProgress(again.progress);
      drawBoxes(); renderTable();
    });
    boxes.delete(result.removed);
    chosenBoxes.delete(result.removed);
    selectedId = null;
    renderTable();
    $("box-detail").hidden = true; $("no-box").hidden = false;
    drawBoxes(); showProgress(result.progress); announce(T.remove + ": " + T.saved);
  });
  // Everywhere in the request: every box holding exactly this value, or every box naming
  // this person in any form (surname alone, initials, possessive) as the case analysis linked them.
  async function acceptSame(match, what) {
    if (selectedId == null) { return; }
    await preview({ same_as: selectedId, match: match }, what);
  }
  $("accept-same").addEventListener("click", () => acceptSame("value", T.accept_same));
  $("accept-person").addEventListener("click", () => acceptSame("person", T.accept_person));
  // Accept all of a type: first a list of what it would accept (each value as the page shows
  // it, its count and pages, low-score values unticked); only the ticked rows are accepted.
  let bulkRequest = null;
  function showPreview(preview, what) {
    const rows = $("bulk-rows");
    rows.textContent = "";
    preview.rows.forEach((row, i) => {
      const tr = document.createElement("tr");
      tr.className = "bulk-row" + (row.ticked ? "" : " low");
      tr.dataset.boxes = row.box_ids.join(",");
      const tick = document.createElement("td");
      const box = document.createElement("input");
      box.type = "checkbox"; box.checked = row.ticked; box.id = "bulk-row-" + i;
      tick.appendChild(box);
      const value = document.createElement("td");
      const label = document.createElement("label");
      label.htmlFor = box.id; label.className = "bulk-value";
      label.textContent = row.value || T.manual;
      value.appendChild(label);
      const count = document.createElement("td"); count.className = "bulk-count"; count.textContent = String(row.count);
      const pages = document.createElement("td");
      pages.textContent = row.pages.map((p) => p.title + " p. " + p.page).join("; ");
      const score = document.createElement("td");
      score.textContent = (row.score == null ? "—" : Number(row.score).toFixed(2)) + (row.ticked ? "" : " (" + T.low_score + ")");
      tr.append(tick, value, count, pages, score);
      rows.appendChild(tr);
    });
    $("bulk-preview-type").textContent = what + " (" + preview.count + ")";
    $("bulk-preview").hidden = false;
    $("bulk-apply").focus();
  }
  async function preview(body, what) {
    if (locked) { return; }
    bulkRequest = { body: body, what: what };
    showPreview(await api("POST", base + "/bulk-accept/preview", body), what);
  }
  $("bulk-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const type = $("bulk-type").value;
    if (!type) { return; }
    await preview({ entity_type: type }, type);
  });
  $("bulk-apply").addEventListener("click", async () => {
    if (!bulkRequest) { return; }
    const ids = [];
    for (const tr of $("bulk-rows").querySelectorAll("tr")) {
      if (tr.querySelector("input").checked) { ids.push(...tr.dataset.boxes.split(",").map(Number)); }
    }
    const before = snapshot(ids);
    const result = await api("POST", base + "/bulk-accept", { ...bulkRequest.body, box_ids: ids });
    const what = bulkRequest.what;
    remember(what + ": " + result.accepted + " " + T.accepted, () => restore(before));
    bulkRequest = null;
    $("bulk-preview").hidden = true;
    await reload(what + ": " + result.accepted + " " + T.accepted);
  });
  $("bulk-cancel").addEventListener("click", () => { bulkRequest = null; $("bulk-preview").hidden = true; });
  // Search and redact: first every hit with the words around it (already boxed ones shown,
  // not ticked); only the ticked hits are boxed.
  let termRequest = null;
  function showTermPreview(preview) {
    const rows = $("term-rows");
    rows.textContent = "";
    preview.hits.forEach((hit, i) => {
      const tr = document.createElement("tr");
      tr.className = "term-row" + (hit.boxed ? " boxed" : "");
      tr.dataset.key = hit.key;
      const tick = document.createElement("td");
      const box = document.createElement("input");
      box.type = "checkbox"; box.id = "term-row-" + i; box.checked = !hit.boxed; box.disabled = hit.boxed;
      tick.appendChild(box);
      const where = document.createElement("td");
      where.textContent = hit.filename ? hit.filename + " (" + hit.title + ")" : hit.title;
      const page = document.createElement("td");
      const link = document.createElement("a");
      link.href = "#"; link.textContent = String(hit.page);
      link.addEventListener("click", (e) => {
        e.preventDefault();
        const d = data.documents.findIndex((doc) => doc.id === hit.document_id);
        if (d >= 0) { selectedId = null; goTo(d, hit.page); }
      });
      page.appendChild(link);
      const context = document.createElement("td");
      const label = document.createElement("label");
      label.htmlFor = box.id; label.className = "term-context";
      const mark = document.createElement("mark"); mark.textContent = hit.found;
      label.append("… " + hit.before + " ", mark, " " + hit.after + " …");
      if (hit.boxed) { label.append(" (" + T.already_boxed + ")"); }
      context.appendChild(label);
      tr.append(tick, where, page, context);
      rows.appendChild(tr);
    });
    $("term-preview-count").textContent = "(" + preview.new + "/" + preview.count + ")";
    $("term-preview").hidden = false;
    $("term-apply").disabled = preview.new === 0;
    $("term-apply").focus();
  }
  $("term-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (locked) { return; }
    const term = $("term").value.trim();
    const code = $("term-code").value.trim() || defaultCode();
    if (!term) { return; }
    termRequest = { term: term, exemption_code: code };
    showTermPreview(await api("POST", base + "/terms/preview", { term: term }));
  });
  $("term-apply").addEventListener("click", async () => {
    if (!termRequest) { return; }
    const hits = [...document.querySelectorAll("#term-rows tr")]
      .filter((tr) => tr.querySelector("input").checked && !tr.querySelector("input").disabled)
      .map((tr) => tr.dataset.key);
    const known = new Set(boxes.keys());
    const result = await api("POST", base + "/terms", { ...termRequest, hits: hits });
    termRequest = null;
    $("term").value = "";
    $("term-preview").hidden = true;
    await reload(T.redact_term + ": " + result.added);
    const added = [...boxes.keys()].filter((id) => !known.has(id));
    if (added.length) { remember(T.redact_term + ": " + added.length, () => removeBoxes(added)); }
  });
  $("term-cancel").addEventListener("click", () => { termRequest = null; $("term-preview").hidden = true; });

  function defaultCode() {
    const any = [...boxes.values()].find((b) => b.exemption_code);
    return $("new-code").value.trim() || (any ? any.exemption_code : "");
  }
  $("new-code").value = defaultCode();
  $("term-code").value = defaultCode();

  // --- drawing a box -----------------------------------------------------------------------
  let drag = null;
  const rectEl = $("drag-rect");
  function point(event) {
    const r = img.getBoundingClientRect();
    return { x: Math.min(Math.max(event.clientX - r.left, 0), r.width), y: Math.min(Math.max(event.clientY - r.top, 0), r.height) };
  }
  frame.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || locked || asReleased) { return; }
    drag = { start: point(event) };
    frame.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  frame.addEventListener("pointermove", (event) => {
    if (!drag) { return; }
    const p = point(event), s = drag.start;
    rectEl.hidden = false;
    rectEl.style.left = Math.min(p.x, s.x) + "px"; rectEl.style.top = Math.min(p.y, s.y) + "px";
    rectEl.style.width = Math.abs(p.x - s.x) + "px"; rectEl.style.height = Math.abs(p.y - s.y) + "px";
  });
  frame.addEventListener("pointerup", async (event) => {
    if (!drag) { return; }
    const p = point(event), s = drag.start;
    drag = null; rectEl.hidden = true;
    if (Math.abs(p.x - s.x) < 4 || Math.abs(p.y - s.y) < 4) { return; }
    const rect = toPoints(s.x, s.y, p.x, p.y);
    const code = defaultCode();
    const result = await api("POST", base + "/redactions", { document_id: doc().id, page: pageNo, rect: rect, exemption_code: code });
    boxes.set(result.box.id, result.box);
    remember(T.box_added, () => removeBoxes([result.box.id]));
    showProgress(result.progress);
    announce(T.box_added);
    renderTable();
    select(result.box.id, true);
  });

  // --- selecting words -----------------------------------------------------------------------
  const wordLayer = $("words");
  let wordMode = false, pageWords = [], chosen = new Set(), wordsFor = "";
  async function drawWords() {
    wordLayer.textContent = "";
    wordLayer.hidden = !wordMode;
    if (!wordMode || !data.documents.length) { return; }
    const key = doc().id + ":" + pageNo;
    if (wordsFor !== key) {
      const result = await api("GET", base + "/documents/" + doc().id + "/pages/" + pageNo + "/words");
      pageWords = result.words; chosen = new Set(); wordsFor = key;
      if (!pageWords.length) { announce(T.no_words); }
    }
    pageWords.forEach((w, i) => {
      const el = document.createElement("button");
      el.type = "button";
      el.className = "word" + (chosen.has(i) ? " chosen" : "");
      place(el, w.rect);
      el.setAttribute("aria-label", w.text);
      el.setAttribute("aria-pressed", chosen.has(i) ? "true" : "false");
      el.addEventListener("pointerdown", (event) => event.stopPropagation());
      el.addEventListener("click", (event) => {
        event.stopPropagation();
        if (chosen.has(i)) { chosen.delete(i); } else { chosen.add(i); }
        drawWords();
      });
      wordLayer.appendChild(el);
    });
  }
  img.addEventListener("load", drawWords);
  $("select-words").addEventListener("click", () => {
    wordMode = !wordMode;
    $("select-words").setAttribute("aria-pressed", wordMode ? "true" : "false");
    $("box-words").hidden = !wordMode;
    drawWords();
  });
  $("box-words").addEventListener("click", async () => {
    // One box per line: chosen words that overlap vertically are joined into one rectangle.
    const lines = [];
    for (const i of [...chosen].sort((a, b) => a - b)) {
      const r = pageWords[i].rect;
      const line = lines.find((l) => Math.min(l[3], r[3]) - Math.max(l[1], r[1]) > 0.5 * Math.min(l[3] - l[1], r[3] - r[1]));
      if (line) {
        line[0] = Math.min(line[0], r[0]); line[1] = Math.min(line[1], r[1]);
        line[2] = Math.max(line[2], r[2]); line[3] = Math.max(line[3], r[3]);
      } else { lines.push(r.slice()); }
    }
    let last = null;
    const made = [];
    for (const rect of lines) {
      last = await api("POST", base + "/redactions", { document_id: doc().id, page: pageNo, rect: rect, exemption_code: defaultCode() });
      boxes.set(last.box.id, last.box);
      made.push(last.box.id);
    }
    if (made.length) { remember(T.box_added + " (" + made.length + ")", () => removeBoxes(made)); }
    chosen = new Set();
    if (last) { showProgress(last.progress); announce(T.box_added); drawBoxes(); renderTable(); }
    drawWords();
  });

  // --- the box table: every box of the request; sort, filter, select, decide the selection --
  // Documents by file name, as the officer knows them (the title when there is none).
  const titles = new Map(data.documents.map((d) => [d.id, d.filename || d.title]));
  let sortKey = "document", sortUp = true;
  const chosenBoxes = new Set();
  function cell(b, key) {
    if (key === "document") { return data.documents.findIndex((d) => d.id === b.document_id); }
    if (key === "score") { return b.score == null ? -1 : b.score; }
    if (key === "entity_type") { return b.entity_type || ""; }
    return b[key];
  }
  function shownBoxes() {
    const status = $("filter-status").value, type = $("filter-type").value;
    const list = ordered().filter((b) => (!status || b.status === status) && (!type || (b.entity_type || "") === type));
    if (sortKey !== "document") {
      list.sort((a, b) => { const x = cell(a, sortKey), y = cell(b, sortKey); return (x < y ? -1 : x > y ? 1 : 0) * (sortUp ? 1 : -1); });
    } else if (!sortUp) { list.reverse(); }
    return list;
  }
  function renderTable() {
    const types = $("filter-type"), current = types.value;
    const known = [...new Set([...boxes.values()].map((b) => b.entity_type || ""))].sort();
    types.textContent = "";
    const all = document.createElement("option"); all.value = ""; all.textContent = T.all; types.appendChild(all);
    for (const t of known) { const o = document.createElement("option"); o.value = t; o.textContent = t || T.manual; types.appendChild(o); }
    types.value = known.includes(current) ? current : "";
    const rows = $("box-rows");
    rows.textContent = "";
    const list = shownBoxes();
    for (const b of list) {
      const tr = document.createElement("tr");
      tr.dataset.id = String(b.id); tr.dataset.status = b.status;
      if (b.id === selectedId) { tr.className = "selected"; }
      const tick = document.createElement("td");
      const box = document.createElement("input");
      box.type = "checkbox"; box.className = "row-select"; box.checked = chosenBoxes.has(b.id); box.disabled = locked;
      box.setAttribute("aria-label", T.box_ref + " #" + b.id);
      box.addEventListener("change", () => { if (box.checked) { chosenBoxes.add(b.id); } else { chosenBoxes.delete(b.id); } });
      tick.appendChild(box);
      tr.appendChild(tick);
      const values = [titles.get(b.document_id) || "", String(b.page), b.entity_type || T.manual, b.exemption_code,
        b.score == null ? "—" : Number(b.score).toFixed(2), T[b.status] || b.status];
      values.forEach((v, i) => {
        const td = document.createElement("td");
        if (i === 0) {
          const open = document.createElement("button");
          open.type = "button"; open.className = "link open-box"; open.textContent = v + " #" + b.id;
          open.addEventListener("click", () => select(b.id, true));
          td.appendChild(open);
        } else { td.textContent = v; }
        tr.appendChild(td);
      });
      rows.appendChild(tr);
    }
    $("box-table-count").textContent = "(" + list.length + "/" + boxes.size + ")";
    renderThumbs();
    $("select-all").checked = list.length > 0 && list.every((b) => chosenBoxes.has(b.id));
  }
  $("filter-status").addEventListener("change", renderTable);
  $("filter-type").addEventListener("change", renderTable);
  for (const button of document.querySelectorAll("#box-table .sort")) {
    button.addEventListener("click", () => {
      sortUp = sortKey === button.dataset.sort ? !sortUp : true;
      sortKey = button.dataset.sort;
      renderTable();
    });
  }
  $("select-all").addEventListener("change", (e) => {
    for (const b of shownBoxes()) { if (e.target.checked) { chosenBoxes.add(b.id); } else { chosenBoxes.delete(b.id); } }
    renderTable();
  });
  async function decideSelection(decision) {
    if (locked || !chosenBoxes.size) { return; }
    const body = { redaction_ids: [...chosenBoxes], decision: decision };
    if (decision === "recode") { body.exemption_code = $("sel-code").value.trim() || defaultCode(); }
    const before = snapshot([...chosenBoxes]);
    const result = await api("POST", base + "/decisions", body);
    remember(result.boxes.length + " " + (T[result.boxes[0].status] || result.boxes[0].status), () => restore(before));
    for (const b of result.boxes) { boxes.set(b.id, b); }
    chosenBoxes.clear();
    showProgress(result.progress);
    drawBoxes();
    renderTable();
    announce(result.boxes.length + " " + (T[result.boxes[0].status] || result.boxes[0].status));
  }
  $("sel-accept").addEventListener("click", () => decideSelection("accept"));
  $("sel-reject").addEventListener("click", () => decideSelection("reject"));
  $("sel-recode").addEventListener("click", () => decideSelection("recode"));

  // --- undo: the last actions, newest first; each knows how to put back what it changed ------
  const history = [];
  const HISTORY_LIMIT = 50;
  function snapshot(ids) {
    return ids.filter((id) => boxes.has(id)).map((id) => ({ id: id, status: boxes.get(id).status, code: boxes.get(id).exemption_code }));
  }
  function remember(label, undo) {
    history.push({ label: label, undo: undo });
    if (history.length > HISTORY_LIMIT) { history.shift(); }
    showUndo();
  }
  function showUndo() {
    const button = $("undo");
    const last = history[history.length - 1];
    button.disabled = !last;
    button.title = last ? T.undo + ": " + last.label : "";
    $("undo-count").textContent = history.length ? "(" + history.length + ")" : "";
  }
  // Boxes back to the states they had: undecided ones (proposed, or left in for the
  // requester) lose this request's decision; decided ones get their decision and code again.
  async function restore(states) {
    const groups = new Map();
    for (const s of states) {
      const undecided = s.status === "proposed" || s.status === "kept";
      const key = undecided ? "reset" : s.status + "\u0000" + s.code;
      if (!groups.has(key)) { groups.set(key, { ids: [], status: s.status, code: s.code, undecided: undecided }); }
      groups.get(key).ids.push(s.id);
    }
    let progress = null;
    for (const g of groups.values()) {
      const body = { redaction_ids: g.ids, decision: g.undecided ? "reset" : (g.status === "accepted" ? "accept" : "reject") };
      if (!g.undecided) { body.exemption_code = g.code; }
      const result = await api("POST", base + "/decisions", body);
      for (const b of result.boxes) { boxes.set(b.id, b); }
      progress = result.progress;
    }
    if (progress) { showProgress(progress); }
    drawBoxes(); renderTable();
    if (selectedId != null && boxes.has(selectedId)) { select(selectedId, false); }
  }
  async function removeBoxes(ids) {
    let progress = null;
    for (const id of ids) {
      const result = await api("DELETE", base + "/redactions/" + id);
      boxes.delete(result.removed);
      chosenBoxes.delete(result.removed);
      progress = result.progress;
    }
    if (ids.includes(selectedId)) { selectedId = null; $("box-detail").hidden = true; $("no-box").hidden = false; }
    if (progress) { showProgress(progress); }
    drawBoxes(); renderTable();
  }
  let undoing = false;
  async function undoLast() {
    if (locked || undoing || !history.length) { return; }
    const entry = history.pop();
    undoing = true;
    try {
      await entry.undo();
      $("value-note").hidden = true;
      announce(T.undone + ": " + entry.label);
    } catch (error) {
      history.push(entry);  // nothing was put back: it can be tried again
    } finally {
      undoing = false;
      showUndo();
    }
  }
  $("undo").addEventListener("click", undoLast);

  // --- the page as it will be released: withheld boxes opaque with their code, the rest gone --
  let asReleased = false;
  function togglePreview() {
    asReleased = !asReleased;
    frame.classList.toggle("as-released", asReleased);
    $("preview-released").setAttribute("aria-pressed", asReleased ? "true" : "false");
    $("preview-note").hidden = !asReleased;
    if (asReleased && wordMode) { $("select-words").click(); }
    drawBoxes();
    announce(asReleased ? T.as_released_on : T.as_released_off);
  }
  $("preview-released").addEventListener("click", togglePreview);

  // --- zoom: the page image's width against the width that fits ---------------------------
  const ZOOM_STEP = 0.25, ZOOM_MIN = 0.5, ZOOM_MAX = 3;
  let zoom = 1;
  function applyZoom() {
    const area = frame.parentElement;
    frame.classList.toggle("zoomed", zoom !== 1);
    img.style.width = zoom === 1 ? "" : Math.round((area.clientWidth - 4) * zoom) + "px";
    $("zoom-level").textContent = Math.round(zoom * 100) + " %";
  }
  function setZoom(value) {
    zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(value / ZOOM_STEP) * ZOOM_STEP));
    applyZoom();
    drawBoxes(); drawWords();
  }
  function zoomBy(delta) { setZoom(zoom + delta); }
  $("zoom-in").addEventListener("click", () => zoomBy(ZOOM_STEP));
  $("zoom-out").addEventListener("click", () => zoomBy(-ZOOM_STEP));
  $("zoom-fit").addEventListener("click", () => setZoom(1));

  // --- page thumbnails of the document shown: undecided boxes and withheld pages marked ------
  let thumbsFor = null;
  function renderThumbs() {
    const strip = $("thumbs");
    if (!data.documents.length) { return; }
    const d = doc();
    if (thumbsFor !== d.id) {
      thumbsFor = d.id;
      strip.textContent = "";
      d.pages.forEach((p, i) => {
        const n = i + 1;
        const button = document.createElement("button");
        button.type = "button"; button.className = "thumb"; button.dataset.page = String(n);
        const picture = document.createElement("img");
        picture.loading = "lazy"; picture.alt = ""; picture.src = imageUrl(d, n) + "?dpi=" + THUMB_DPI;
        const label = document.createElement("span");
        label.className = "thumb-n"; label.textContent = String(n);
        button.append(picture, label);
        button.addEventListener("click", () => { selectedId = null; goTo(docIndex, n); });
        strip.appendChild(button);
      });
    }
    const undecided = new Set([...boxes.values()].filter((b) => b.document_id === d.id && b.status === "proposed").map((b) => b.page));
    for (const button of strip.querySelectorAll(".thumb")) {
      const n = Number(button.dataset.page), p = d.pages[n - 1];
      const marks = [];
      button.classList.toggle("current", n === pageNo);
      button.classList.toggle("undecided", undecided.has(n));
      button.classList.toggle("withheld", p.disposition === "withheld_in_full");
      if (undecided.has(n)) { marks.push(T.thumb_undecided); }
      if (p.disposition === "withheld_in_full") { marks.push(T.withheld_in_full); }
      button.setAttribute("aria-label", T.page + " " + n + (marks.length ? " — " + marks.join(", ") : ""));
      if (n === pageNo) { button.setAttribute("aria-current", "page"); } else { button.removeAttribute("aria-current"); }
    }
  }
  const THUMB_DPI = 36;

  // --- keyboard ----------------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    const tag = (event.target && event.target.tagName) || "";
    if (["INPUT", "SELECT", "TEXTAREA"].includes(tag)) { return; }
    if ((event.ctrlKey || event.metaKey) && event.key === "z" && !locked) { event.preventDefault(); undoLast(); return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    const actions = {
      ...(locked ? {} : { a: () => decide("accept"), r: () => decide("reject"), u: () => undoLast() }),
      v: () => togglePreview(), "+": () => zoomBy(ZOOM_STEP), "=": () => zoomBy(ZOOM_STEP),
      "-": () => zoomBy(-ZOOM_STEP), "0": () => setZoom(1),
      n: () => step(1), j: () => step(1), p: () => step(-1), k: () => step(-1),
      "]": () => nextPage(1), "[": () => nextPage(-1),
    };
    const action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });
  window.addEventListener("resize", () => { applyZoom(); drawBoxes(); drawWords(); });

  fillTypes(data.entity_types);
  showProgress(data.progress);
  // Links from the request page open a box (?box=) or a page (?document=&page=).
  const params = new URLSearchParams(window.location.search);
  const wantedBox = Number(params.get("box"));
  const wantedDoc = data.documents.findIndex((d) => d.id === Number(params.get("document")));
  if (wantedDoc >= 0) {
    docIndex = wantedDoc;
    pageNo = Math.min(Math.max(Number(params.get("page")) || 1, 1), pageCount());
  }
  showPage();
  renderTable();
  if (boxes.has(wantedBox)) { select(wantedBox, true); }
})();
