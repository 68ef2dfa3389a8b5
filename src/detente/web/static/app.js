// detente dashboard: plain ES modules over /api, nothing loaded from outside.
// The location hash holds the view and the filters ("#map?actor=RUS&since=2026-01-01"), so
// every view can be linked to and the browser's back button works.
//
// Modules: dom.js (helpers), events.js (table and evidence), dyad.js (pair curve and
// trends), force.js + network.js (actor network), map.js (events on a world outline).

import { $, $$, QUADS, el, fmt, getJSON, query, setStatus } from "./dom.js";
import { DyadView } from "./dyad.js";
import { EventsView } from "./events.js";
import { MapView } from "./map.js";
import { NetworkView, networkLegend } from "./network.js";

const VIEWS = ["events", "dyad", "network", "map"];
const FILTER_KEYS = ["q", "actor", "pair", "code", "quad_class", "since", "until"];
// Which filters each view uses (the API endpoints behind them accept these).
const SCOPE = {
  events: FILTER_KEYS,
  dyad: ["pair", "since", "until"],
  network: ["since", "until"],
  map: ["actor", "code", "quad_class", "since", "until"],
};
const SCOPE_NOTE = {
  events: "All filters apply to the event table.",
  dyad: "Dates apply here; a pair filter picks the two actors.",
  network: "Only the dates apply to the network.",
  map: "Actor, CAMEO code, quad class and dates apply to the map.",
};

let summary = null;
const loaded = {}; // view -> key of the filters it last loaded with

function parseHash() {
  const [name, search = ""] = window.location.hash.replace(/^#/, "").split("?");
  const view = VIEWS.includes(name) ? name : "events";
  const params = new URLSearchParams(search);
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = (params.get(key) || "").trim();
    if (value) filters[key] = value;
  }
  return { view, filters };
}

function navigate(view, filters) {
  const search = query(filters);
  const hash = `#${view}${search ? `?${search}` : ""}`;
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

function fillForm(filters) {
  const form = $("#search");
  for (const key of FILTER_KEYS) form.elements[key].value = filters[key] || "";
}

function readForm() {
  const form = new FormData($("#search"));
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = String(form.get(key) || "").trim();
    if (value) filters[key] = key === "actor" || key === "pair" ? value.toUpperCase() : value;
  }
  return filters;
}

const events = new EventsView();
const dyad = new DyadView((a, b, since, until) => {
  navigate("events", { pair: `${a},${b}`, since, until });
});
const network = new NetworkView((code) => navigate("events", { actor: code }));
const map = new MapView((id) => {
  navigate("events", parseHash().filters);
  events.open(id);
});

function scoped(view, filters) {
  const out = {};
  for (const key of SCOPE[view]) if (filters[key]) out[key] = filters[key];
  return out;
}

function route() {
  const { view, filters } = parseHash();
  fillForm(filters);
  for (const name of VIEWS) {
    $(`#view-${name}`).hidden = name !== view;
    const tab = $(`#tabs a[data-view="${name}"]`);
    tab.classList.toggle("active", name === view);
    if (name === view) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
    // Tabs carry the filters along.
    tab.setAttribute("href", `#${name}${query(filters) ? `?${query(filters)}` : ""}`);
  }
  $("#filter-scope").textContent = SCOPE_NOTE[view];
  const own = scoped(view, filters);
  const key = JSON.stringify(own);
  if (loaded[view] === key) return;
  loaded[view] = key;
  if (view === "events") events.load(own);
  else if (view === "dyad") {
    if (own.pair && own.pair.includes(",")) dyad.setPair(...own.pair.split(",", 2));
    else dyad.prefill(summary, own);
    dyad.load(own);
  } else if (view === "network") network.load(own);
  else map.load(own);
}

async function loadSummary() {
  try {
    summary = await getJSON("/api/summary");
  } catch (error) {
    setStatus($("#events-status"), `Summary failed: ${error.message}`, true);
    return;
  }
  $("#n-articles").textContent = fmt(summary.articles, 0);
  $("#n-events").textContent = fmt(summary.events, 0);
  $("#n-quarantined").textContent = fmt(summary.quarantined, 0);
  const list = $("#pairs");
  list.replaceChildren();
  for (const pair of summary.top_pairs) {
    const link = el("a", {
      href: `#dyad?pair=${encodeURIComponent(`${pair.source},${pair.target}`)}`,
      title: "show this pair over time",
    }, `${pair.source} → ${pair.target}`);
    list.append(el("li", {}, link, ` (${pair.events})`));
  }
  if (!summary.top_pairs.length) list.append(el("li", {}, "no pairs yet"));
  // The dyad view may be waiting for a pair to start from.
  if (parseHash().view === "dyad" && !$("#dyad-a").value) {
    loaded.dyad = null;
    route();
  }
}

function legends() {
  // Fresh nodes for each legend: a node appended twice would move, not copy.
  const quads = () => QUADS.flatMap((q) => [
    el("span", { class: "swatch", style: `background:${q.colour}` }), ` ${q.label} `]);
  $("#dyad-legend").replaceChildren(...quads(),
    "— bars count events by quad class (click one for its events); the curve is the mean "
    + "Goldstein value per period (−10 conflict … +10 cooperation).");
  $("#map-legend").replaceChildren("Marker colour: the place's commonest quad class — ",
    ...quads(), "— area grows with the number of events.");
  $("#network-legend").replaceChildren(networkLegend());
}

$("#search").addEventListener("submit", (event) => {
  event.preventDefault();
  navigate(parseHash().view, readForm());
});
$("#search").addEventListener("reset", () => {
  setTimeout(() => navigate(parseHash().view, {}), 0);
});
window.addEventListener("hashchange", route);

legends();
loadSummary();
route();
