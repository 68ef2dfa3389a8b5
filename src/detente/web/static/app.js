// detente dashboard: vanilla JS over /api. All text goes into the page through
// textContent, never innerHTML, so evidence from the news cannot inject markup.
"use strict";

const PAGE = 50;
const EXCERPT = 160;
const state = { filters: {}, offset: 0, total: 0 };

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    throw new Error(`${response.status}: ${detail || response.statusText}`);
  }
  return body;
}

function setStatus(text, isError = false) {
  const status = $("#status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

// --- summary -------------------------------------------------------------------------

async function loadSummary() {
  const summary = await getJSON("/api/summary");
  $("#n-articles").textContent = summary.articles.toLocaleString();
  $("#n-events").textContent = summary.events.toLocaleString();
  $("#n-quarantined").textContent = summary.quarantined.toLocaleString();
  const list = $("#pairs");
  list.replaceChildren();
  for (const pair of summary.top_pairs) {
    const link = el("a", { href: "#" }, `${pair.source} → ${pair.target}`);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      for (const input of $("#search").querySelectorAll("input")) input.value = "";
      state.filters = { pair: `${pair.source},${pair.target}` };
      search(0);
    });
    list.append(el("li", {}, link, ` (${pair.events})`));
  }
  if (!summary.top_pairs.length) list.append(el("li", {}, "no dyads yet"));
}

// --- events table --------------------------------------------------------------------

function actorCell(actor) {
  if (!actor) return el("td", {}, el("span", { class: "sub" }, "—"));
  return el(
    "td",
    {},
    el("span", { class: "code" }, actor.code || "?"),
    el("span", { class: "sub" }, actor.text),
  );
}

function excerpt(text) {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
}

function renderEvents(page) {
  const body = $("#events tbody");
  body.replaceChildren();
  for (const event of page.items) {
    const row = el(
      "tr",
      { class: `q${event.quad_class}`, "data-id": event.event_id, tabindex: "0" },
      el("td", { class: "date" }, event.date || "—"),
      actorCell(event.source),
      el(
        "td",
        {},
        el("span", { class: "code" }, event.cameo),
        el("span", { class: "sub" }, event.cameo_name + (event.negated ? " (negated)" : "")),
      ),
      actorCell(event.target),
      el("td", {}, excerpt(event.evidence)),
    );
    const open = () => {
      for (const r of body.querySelectorAll("tr.selected")) r.classList.remove("selected");
      row.classList.add("selected");
      showDetail(event.event_id);
    };
    row.addEventListener("click", open);
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    body.append(row);
  }
  state.total = page.total;
  const first = page.total ? page.offset + 1 : 0;
  const last = page.offset + page.items.length;
  $("#page").textContent = `${first}–${last} of ${page.total}`;
  $("#prev").disabled = page.offset === 0;
  $("#next").disabled = last >= page.total;
}

async function search(offset) {
  state.offset = offset;
  const params = new URLSearchParams({ limit: PAGE, offset });
  for (const [key, value] of Object.entries(state.filters)) {
    if (value) params.set(key, value);
  }
  setStatus("Loading…");
  try {
    const page = await getJSON(`/api/events?${params}`);
    renderEvents(page);
    setStatus(page.total ? "" : "No events match.");
  } catch (error) {
    setStatus(`Search failed: ${error.message}`, true);
  }
}

// --- detail with highlights ----------------------------------------------------------

// Spans are character offsets into the article; the evidence starts at event.start, so a
// span's offsets within the evidence are (span.start - event.start, span.end - event.start).
function highlighted(event) {
  const text = event.evidence;
  const spans = [];
  const add = (start, end, cls) => {
    if (start === null || end === null || start === undefined || end === undefined) return;
    const s = start - event.start;
    const e = end - event.start;
    if (s >= 0 && e > s && e <= text.length) spans.push({ s, e, cls });
  };
  if (event.trigger) add(event.trigger_start, event.trigger_end, "trigger");
  if (event.source) add(event.source.start, event.source.end, "source");
  if (event.target) add(event.target.start, event.target.end, "target");
  spans.sort((a, b) => a.s - b.s || b.e - a.e);
  const out = el("p", { class: "evidence" });
  let at = 0;
  for (const span of spans) {
    if (span.s < at) continue; // overlapping spans: keep the first
    out.append(text.slice(at, span.s), el("mark", { class: span.cls, title: span.cls }, text.slice(span.s, span.e)));
    at = span.e;
  }
  out.append(text.slice(at));
  return out;
}

function actorLabel(actor) {
  if (!actor) return "—";
  const extra = [actor.name, actor.sectors && actor.sectors.join("/")].filter(Boolean);
  return `${actor.code || "?"} — “${actor.text}”${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

async function showDetail(eventId) {
  let event;
  try {
    event = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
  } catch (error) {
    setStatus(`Could not load event: ${error.message}`, true);
    return;
  }
  const section = $("#detail");
  $("#detail-title").textContent = `${event.cameo} ${event.cameo_name}`;
  const evidence = highlighted(event);
  evidence.id = "detail-evidence";
  $("#detail-evidence").replaceWith(evidence);

  const article = event.article || {};
  const loc = event.location;
  const fields = [
    ["Date", event.date || "—"],
    ["Source", actorLabel(event.source)],
    ["Target", actorLabel(event.target)],
    ["Trigger", event.trigger || "—"],
    ["PLOVER", event.plover || "—"],
    ["Quad class", event.quad_class],
    ["Goldstein", event.goldstein],
    ["Mode", event.mode + (event.negated ? ", negated" : "")],
    ["Location", loc ? `${loc.name}${loc.country ? ` (${loc.country})` : ""}` : "—"],
    ["Rule", `${event.rule} (confidence ${event.confidence})`],
    ["Article", [article.title || event.article_id, article.outlet, article.published].filter(Boolean).join(" · ")],
  ];
  const list = $("#detail-fields");
  list.replaceChildren();
  for (const [name, value] of fields) list.append(el("dt", {}, name), el("dd", {}, value));
  if (article.url && /^https?:\/\//i.test(article.url)) {
    list.append(el("dt", {}, "URL"), el("dd", {}, el("a", { href: article.url, rel: "noopener noreferrer", target: "_blank" }, article.url)));
  }
  section.hidden = false;
  section.scrollIntoView({ behavior: "smooth", block: "nearest" });
}

// --- wiring --------------------------------------------------------------------------

$("#search").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  state.filters = {};
  for (const key of ["q", "actor", "since", "until"]) {
    const value = String(form.get(key) || "").trim();
    if (value) state.filters[key] = value;
  }
  search(0);
});
$("#search").addEventListener("reset", () => {
  state.filters = {};
  setTimeout(() => search(0), 0);
});
$("#prev").addEventListener("click", () => search(Math.max(0, state.offset - PAGE)));
$("#next").addEventListener("click", () => search(state.offset + PAGE));
$("#detail-close").addEventListener("click", () => { $("#detail").hidden = true; });

loadSummary().catch((error) => setStatus(`Summary failed: ${error.message}`, true));
search(0);
