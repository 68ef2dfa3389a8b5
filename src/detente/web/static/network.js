// The network view: actors as nodes and directed relations as edges from GET /api/network,
// laid out by force.js and drawn as SVG. Edge width grows with the event count and its
// colour runs from red (conflict) to green (cooperation) by mean Goldstein value.

import {
  $, countryColour, el, fmt, getJSON, goldsteinColour, query, setStatus, svg, widthOf,
} from "./dom.js";
import { forceLayout } from "./force.js";

const HEIGHT = 560; // drawing height in px
const PAD = 46; // px kept free at the borders for labels
const CURVE = 0.12; // bend of an edge, as a share of its length (keeps A->B and B->A apart)

const status = () => $("#network-status");

const radius = (events) => 5 + 2.2 * Math.sqrt(events);

function edgePath(a, b, ra, rb) {
  // A quadratic curve bent to the left of the direction of travel, trimmed to the circles.
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const mx = (a.x + b.x) / 2 - (dy / len) * len * CURVE;
  const my = (a.y + b.y) / 2 + (dx / len) * len * CURVE;
  const trim = (from, to, r) => {
    const ex = to.x - from.x;
    const ey = to.y - from.y;
    const el2 = Math.hypot(ex, ey) || 1;
    return { x: from.x + (ex / el2) * r, y: from.y + (ey / el2) * r };
  };
  const s = trim(a, { x: mx, y: my }, ra);
  const e = trim(b, { x: mx, y: my }, rb + 3);
  return `M${s.x.toFixed(1)},${s.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${e.x.toFixed(1)},${e.y.toFixed(1)}`;
}

export class NetworkView {
  /** `onActor(code)` is called when a node is clicked. */
  constructor(onActor) {
    this.onActor = onActor;
    this.data = null;
    $("#network-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.load(this.filters || {});
    });
    window.addEventListener("resize", () => {
      if (this.data && !$("#view-network").hidden) this.draw();
    });
  }

  async load(filters) {
    this.filters = filters;
    const params = query({
      since: filters.since, until: filters.until, level: $("#network-level").value,
      min_events: $("#network-min").value, limit: $("#network-limit").value,
    });
    setStatus(status(), "Loading…");
    try {
      this.data = await getJSON(`/api/network?${params}`);
    } catch (error) {
      this.data = null;
      $("#network-chart").replaceChildren();
      setStatus(status(), `Network failed: ${error.message}`, true);
      return;
    }
    const { nodes, edges } = this.data;
    setStatus(status(), nodes.length
      ? `${fmt(nodes.length, 0)} actors, ${fmt(edges.length, 0)} directed relations. `
        + "Hover an actor to see its relations; click it to list its events."
      : "No relations in this range.");
    this.draw();
  }

  draw() {
    const { nodes, edges } = this.data;
    const box = $("#network-chart");
    const width = widthOf(box);
    const pos = forceLayout(nodes, edges.map((e) => ({ ...e, weight: e.events })), width, HEIGHT, PAD);
    const size = new Map(nodes.map((n) => [n.id, radius(n.events)]));
    const chart = svg("svg", {
      id: "network-svg", width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "img",
      "aria-label": `Network of ${nodes.length} actors`,
    });
    const defs = svg("defs");
    // One arrowhead per colour band would be exact; one grey head reads well enough.
    defs.append(svg("marker", {
      id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6,
      orient: "auto-start-reverse", markerUnits: "userSpaceOnUse",
    }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#6b7580" })));
    chart.append(defs);

    const edgeLayer = svg("g", { class: "edges" });
    const edgeNodes = [];
    for (const e of edges) {
      const a = pos.get(e.source);
      const b = pos.get(e.target);
      if (!a || !b || e.source === e.target) continue;
      const path = svg("path", {
        class: "edge", d: edgePath(a, b, size.get(e.source), size.get(e.target)),
        stroke: goldsteinColour(e.goldstein_mean), "stroke-width": (1 + Math.sqrt(e.events)).toFixed(1),
        "marker-end": "url(#arrow)", "data-source": e.source, "data-target": e.target,
      }, svg("title", {}, `${e.source} → ${e.target}: ${e.events} events, mean Goldstein `
        + `${fmt(e.goldstein_mean, 2)} (verbal coop. ${e.q1}, material coop. ${e.q2}, `
        + `verbal conflict ${e.q3}, material conflict ${e.q4})`));
      edgeNodes.push(path);
      edgeLayer.append(path);
    }
    chart.append(edgeLayer);

    const nodeLayer = svg("g", { class: "nodes" });
    for (const node of nodes) {
      const p = pos.get(node.id);
      const r = size.get(node.id);
      const group = svg("g", {
        class: "node-group", transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`,
        tabindex: "0", "data-id": node.id,
        onclick: () => this.onActor(node.id),
        onkeydown: (event) => { if (event.key === "Enter") this.onActor(node.id); },
        onmouseenter: () => this.focus(chart, node.id, edgeNodes),
        onmouseleave: () => this.focus(chart, null, edgeNodes),
      },
      svg("circle", { class: "node", r, fill: countryColour(node.country || node.id) }),
      svg("text", { class: "node-label", y: -r - 4, "text-anchor": "middle" }, node.label || node.id),
      svg("title", {}, `${node.id}${node.country ? ` (${node.country})` : ""}: ${node.events} events`));
      nodeLayer.append(group);
    }
    chart.append(nodeLayer);
    box.replaceChildren(chart);
  }

  focus(chart, id, edgeNodes) {
    chart.classList.toggle("focused", Boolean(id));
    for (const path of edgeNodes) {
      path.classList.toggle("on", id !== null && (path.dataset.source === id || path.dataset.target === id));
    }
  }
}

export function networkLegend() {
  return el("p", { class: "legend" },
    el("span", { class: "swatch", style: `background:${goldsteinColour(6)}` }), " cooperation ",
    el("span", { class: "swatch", style: `background:${goldsteinColour(0)}` }), " neutral ",
    el("span", { class: "swatch", style: `background:${goldsteinColour(-6)}` }), " conflict",
    " — edge colour is the mean Goldstein value; width and node size grow with event counts.");
}
