// The map view: events grouped by place from GET /api/map, drawn over a world outline that
// ships with the package (world-110m.geojson, Natural Earth via npm world-atlas; rebuilt by
// bench/tools/build_world.py). No tile server: an equirectangular projection in plain JS.
// Markers are sized by event count and coloured by their places' commonest quad class;
// the wheel zooms, dragging pans, and a click lists the place's events.

import {
  $, QUADS, dominantQuad, el, fmt, getJSON, query, setStatus, svg, widthOf,
} from "./dom.js";

const WORLD_URL = "/static/world-110m.geojson";
// Latitudes drawn: Antarctica and the high Arctic hold no news events and waste space.
const LAT_TOP = 84;
const LAT_BOTTOM = -58;
const SKIP = new Set(["ATA"]); // Antarctica
const MAX_LISTED = 20; // events fetched for one place's list (the API sends up to 20 ids)
const ZOOM_MIN = 1;
const ZOOM_MAX = 12;

const status = () => $("#map-status");

/** Equirectangular projection of lon/lat onto a width x height box over the drawn band. */
export function project(lon, lat, width, height) {
  const x = ((lon + 180) / 360) * width;
  const y = ((LAT_TOP - lat) / (LAT_TOP - LAT_BOTTOM)) * height;
  return [x, y];
}

function ringPath(ring, width, height) {
  let d = "";
  let prevLon = null;
  for (const [lon, lat] of ring) {
    const [x, y] = project(lon, lat, width, height);
    // A jump across the antimeridian starts a new subpath instead of a line across the map.
    const jump = prevLon !== null && Math.abs(lon - prevLon) > 180;
    d += `${d && !jump ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
    prevLon = lon;
  }
  return `${d}Z`;
}

export class MapView {
  /** `onEvent(id)` opens an event's evidence. */
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.world = null;
    this.items = null;
    this.view = { zoom: 1, cx: 0.5, cy: 0.5 }; // centre as a share of width and height
    window.addEventListener("resize", () => { if (this.items && !$("#view-map").hidden) this.draw(); });
    $("#map-reset").addEventListener("click", () => {
      this.view = { zoom: 1, cx: 0.5, cy: 0.5 };
      this.applyView();
    });
  }

  async loadWorld() {
    if (!this.world) this.world = await getJSON(WORLD_URL);
    return this.world;
  }

  async load(filters) {
    this.filters = filters;
    const params = query({
      since: filters.since, until: filters.until, actor: filters.actor, code: filters.code,
      quad_class: filters.quad_class,
    });
    setStatus(status(), "Loading…");
    try {
      const [, answer] = await Promise.all([this.loadWorld(), getJSON(`/api/map?${params}`)]);
      this.items = answer.items;
    } catch (error) {
      setStatus(status(), `Map failed: ${error.message}`, true);
      return;
    }
    const located = this.items.reduce((n, item) => n + item.events, 0);
    setStatus(status(), this.items.length
      ? `${fmt(located, 0)} located events at ${fmt(this.items.length, 0)} places`
        + `${filters.actor || filters.code || filters.quad_class ? " (filtered)" : ""}. `
        + "Scroll to zoom, drag to pan, click a marker for its events."
      : "No located events match these filters.");
    this.draw();
  }

  draw() {
    const box = $("#map-chart");
    const width = widthOf(box);
    const height = Math.round((width * (LAT_TOP - LAT_BOTTOM)) / 360);
    this.size = { width, height };
    const active = new Set(this.items.map((item) => item.country).filter(Boolean));
    const chart = svg("svg", {
      // Scales with its box (CSS width 100%, height from the viewBox's aspect), so the
      // place list opening beside it needs no redraw.
      id: "map-svg", viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": `Map of events at ${this.items.length} places`,
    });
    const land = svg("g", { class: "land" });
    for (const feature of this.world.features) {
      const iso = feature.properties.iso3;
      if (SKIP.has(iso)) continue;
      const d = feature.geometry.coordinates
        .map((polygon) => polygon.map((ring) => ringPath(ring, width, height)).join(""))
        .join("");
      land.append(svg("path", {
        class: `country${active.has(iso) ? " active" : ""}`, d, "data-iso": iso,
      }, svg("title", {}, feature.properties.name)));
    }
    chart.append(svg("rect", { class: "sea", x: 0, y: 0, width, height }), land);

    const scale = Math.sqrt(Math.max(1, ...this.items.map((i) => i.events)));
    const markers = svg("g", { class: "markers" });
    // Biggest first, so small markers stay clickable on top of big ones.
    for (const item of [...this.items].sort((a, b) => b.events - a.events)) {
      if (typeof item.lat !== "number" || typeof item.lon !== "number") continue;
      const [x, y] = project(item.lon, item.lat, width, height);
      const quad = dominantQuad(item);
      const r = 3 + 15 * (Math.sqrt(item.events) / scale);
      markers.append(svg("circle", {
        class: "marker", cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), fill: quad.colour,
        "data-r": r.toFixed(2), "data-name": item.name, tabindex: "0",
        onclick: () => this.list(item),
        onkeydown: (event) => { if (event.key === "Enter") this.list(item); },
      }, svg("title", {}, `${item.name}${item.country ? ` (${item.country})` : ""}: `
        + `${item.events} events — ${QUADS.map((q) => `${q.label} ${item[q.key]}`).join(", ")}`)));
    }
    chart.append(markers);
    this.chart = chart;
    this.markers = markers;
    this.enableZoom(chart);
    box.replaceChildren(chart);
    this.applyView();
  }

  applyView() {
    if (!this.chart) return;
    const { width, height } = this.size;
    const { zoom, cx, cy } = this.view;
    const w = width / zoom;
    const h = height / zoom;
    const x = Math.min(Math.max(0, cx * width - w / 2), width - w);
    const y = Math.min(Math.max(0, cy * height - h / 2), height - h);
    this.view = { zoom, cx: (x + w / 2) / width, cy: (y + h / 2) / height };
    this.chart.setAttribute("viewBox", `${x.toFixed(1)} ${y.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`);
    // Keep markers the same size on screen while zooming in.
    for (const circle of this.markers.children) {
      circle.setAttribute("r", (Number(circle.dataset.r) / Math.sqrt(zoom)).toFixed(2));
    }
    this.chart.style.setProperty("--stroke", String(1 / zoom));
  }

  enableZoom(chart) {
    chart.addEventListener("wheel", (event) => {
      event.preventDefault();
      const rect = chart.getBoundingClientRect();
      const { width, height } = this.size;
      const { zoom } = this.view;
      const [vx, vy, vw, vh] = chart.getAttribute("viewBox").split(" ").map(Number);
      const px = vx + ((event.clientX - rect.left) / rect.width) * vw;
      const py = vy + ((event.clientY - rect.top) / rect.height) * vh;
      const next = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, zoom * (event.deltaY < 0 ? 1.25 : 0.8)));
      // Keep the point under the cursor where it is.
      const fx = (event.clientX - rect.left) / rect.width;
      const fy = (event.clientY - rect.top) / rect.height;
      const nw = width / next;
      const nh = height / next;
      this.view = { zoom: next, cx: (px - fx * nw + nw / 2) / width, cy: (py - fy * nh + nh / 2) / height };
      this.applyView();
    }, { passive: false });
    let drag = null;
    chart.addEventListener("pointerdown", (event) => {
      if (event.target.classList.contains("marker")) return;
      drag = { x: event.clientX, y: event.clientY, view: { ...this.view } };
      chart.setPointerCapture(event.pointerId);
    });
    chart.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const rect = chart.getBoundingClientRect();
      const dx = (event.clientX - drag.x) / rect.width / drag.view.zoom;
      const dy = (event.clientY - drag.y) / rect.height / drag.view.zoom;
      this.view = { ...drag.view, cx: drag.view.cx - dx, cy: drag.view.cy - dy };
      this.applyView();
    });
    const stop = () => { drag = null; };
    chart.addEventListener("pointerup", stop);
    chart.addEventListener("pointercancel", stop);
  }

  async list(item) {
    const panel = $("#map-events");
    panel.hidden = false;
    $("#map-place").textContent = `${item.name}${item.country ? ` (${item.country})` : ""}: `
      + `${fmt(item.events, 0)} events`;
    const list = $("#map-list");
    list.replaceChildren(el("li", { class: "sub" }, "Loading…"));
    const ids = (item.event_ids || []).slice(0, MAX_LISTED);
    const events = await Promise.all(ids.map((id) =>
      getJSON(`/api/events/${encodeURIComponent(id)}`).catch(() => null)));
    list.replaceChildren();
    for (const event of events.filter(Boolean)) {
      const who = `${event.source ? event.source.code : "?"} → ${event.cameo_name} → `
        + `${event.target ? event.target.code : "—"}`;
      list.append(el("li", { class: `q${event.quad_class}` },
        el("a", {
          href: "#events",
          onclick: (e) => { e.preventDefault(); this.onEvent(event.event_id); },
        }, `${event.date || "undated"} · ${who}`),
        el("span", { class: "sub" }, event.evidence)));
    }
    if (item.events > ids.length) {
      list.append(el("li", { class: "sub" }, `… and ${fmt(item.events - ids.length, 0)} more.`));
    }
  }
}
