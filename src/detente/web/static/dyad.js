// The dyad view: events between two actors over time from GET /api/dyad, drawn as plain
// SVG: the mean Goldstein value per period as a curve (cooperation above zero, conflict
// below) over bars of event counts stacked by quad class; the trend from the same answer;
// and the most active pairs with their trends from GET /api/trends.

import {
  $, QUADS, el, fmt, getJSON, goldsteinColour, query, setStatus, signed, svg, widthOf,
} from "./dom.js";

const HEIGHT = 400; // total drawing height in px
const MARGIN = { top: 18, right: 18, bottom: 34, left: 52 };
const CURVE_SHARE = 0.6; // share of the plot height given to the Goldstein curve
const GAP = 26; // px between the curve panel and the bars panel
const MAX_LABELS = 12; // period labels on the x axis at most
const GOLDSTEIN_MAX = 10; // the Goldstein scale runs from -10 to +10

const status = () => $("#dyad-status");

/** The last day of the period that starts on `period` (ISO date), as an ISO date. */
export function periodEnd(period, interval) {
  const d = new Date(`${period}T00:00:00Z`);
  if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1, 0);
  else if (interval === "week") d.setUTCDate(d.getUTCDate() + 6);
  return d.toISOString().slice(0, 10);
}

function label(period, interval) {
  return interval === "month" ? period.slice(0, 7) : period;
}

function niceMax(value) {
  for (const step of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]) {
    if (value <= step) return step;
  }
  return Math.ceil(value / 10000) * 10000;
}

function trendText(trend, interval) {
  if (!trend || trend.slope === null || trend.slope === undefined) {
    return `Trend: too few events or periods to fit (${fmt(trend ? trend.n_events : 0, 0)} events).`;
  }
  return `Trend: ${signed(trend.slope, 3)} Goldstein points per ${interval} `
    + `(± ${fmt(trend.stderr, 3)}; 95% interval ${signed(trend.ci_low, 2)} to ${signed(trend.ci_high, 2)}) `
    + `over ${trend.window_start} – ${trend.window_end}, ${fmt(trend.n_events, 0)} events.`;
}

export class DyadView {
  /** `onPeriod(a, b, since, until)` is called when a period's bar is clicked. */
  constructor(onPeriod) {
    this.onPeriod = onPeriod;
    this.data = null;
    this.prefilled = false;
    $("#dyad-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.load(this.filters || {});
    });
    $("#dyad-swap").addEventListener("click", () => {
      const a = $("#dyad-a").value;
      $("#dyad-a").value = $("#dyad-b").value;
      $("#dyad-b").value = a;
      this.load(this.filters || {});
    });
    window.addEventListener("resize", () => { if (this.data && this.visible()) this.draw(); });
  }

  visible() {
    return !$("#view-dyad").hidden;
  }

  /** Fill the actor boxes with the busiest pair when they are still empty. */
  prefill(summary, filters) {
    if (this.prefilled || $("#dyad-a").value || $("#dyad-b").value) return;
    if (filters.pair && filters.pair.includes(",")) {
      this.setPair(...filters.pair.split(",", 2));
      return;
    }
    const top = summary && summary.top_pairs && summary.top_pairs[0];
    if (top) this.setPair(top.source, top.target);
  }

  setPair(a, b) {
    $("#dyad-a").value = a;
    $("#dyad-b").value = b;
    this.prefilled = true;
  }

  async load(filters) {
    this.filters = filters;
    this.loadTrends(filters);
    const a = $("#dyad-a").value.trim().toUpperCase();
    const b = $("#dyad-b").value.trim().toUpperCase();
    if (!a || !b) {
      setStatus(status(), "Pick two actors: CAMEO code prefixes such as PAK and RUS.");
      return;
    }
    const params = query({
      a, b, interval: $("#dyad-interval").value, directed: $("#dyad-directed").checked,
      since: filters.since, until: filters.until,
    });
    setStatus(status(), "Loading…");
    try {
      this.data = await getJSON(`/api/dyad?${params}`);
    } catch (error) {
      this.data = null;
      $("#dyad-chart").replaceChildren();
      $("#dyad-trend").textContent = "";
      setStatus(status(), `Dyad failed: ${error.message}`, true);
      return;
    }
    const total = this.data.series.reduce((n, p) => n + p.events, 0);
    setStatus(status(), total ? "" : `No events between ${a} and ${b} in this range.`);
    this.draw();
  }

  async loadTrends(filters) {
    const list = $("#trends-list");
    try {
      const answer = await getJSON(`/api/trends?${query({
        since: filters.since, until: filters.until, top: 15, min_events: 2,
      })}`);
      list.replaceChildren();
      for (const item of answer.items) {
        const arrow = { cooperation: "▲", conflict: "▼" }[item.direction] || "▬";
        const link = el("a", {
          href: "#dyad",
          onclick: (event) => {
            event.preventDefault();
            this.setPair(item.a, item.b);
            this.load(this.filters || {});
          },
        }, `${item.a} – ${item.b}`);
        list.append(el("li", { class: `trend-${item.direction}` },
          el("span", { class: "arrow", title: item.direction }, arrow), " ", link,
          el("span", { class: "sub" },
            `${fmt(item.events, 0)} events, mean ${fmt(item.goldstein_mean, 1)}, `
            + `slope ${signed(item.slope, 2)}`)));
      }
      if (!answer.items.length) list.append(el("li", { class: "sub" }, "No pair has enough events."));
    } catch (error) {
      list.replaceChildren(el("li", { class: "error" }, `Trends failed: ${error.message}`));
    }
  }

  draw() {
    const data = this.data;
    const box = $("#dyad-chart");
    const width = widthOf(box);
    const series = data.series;
    const n = series.length;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom - GAP;
    const curveH = plotH * CURVE_SHARE;
    const barsH = plotH - curveH;
    const barsTop = MARGIN.top + curveH + GAP;
    const step = n ? plotW / n : plotW;
    const xOf = (i) => MARGIN.left + step * (i + 0.5);

    const means = series.map((p) => p.goldstein_mean).filter((v) => v !== null && v !== undefined);
    const extent = Math.min(GOLDSTEIN_MAX, Math.max(2, Math.ceil(Math.max(0, ...means.map(Math.abs)))));
    const yOf = (v) => MARGIN.top + curveH / 2 - (v / extent) * (curveH / 2);
    const maxCount = niceMax(Math.max(1, ...series.map((p) => p.events)));
    const hOf = (count) => (count / maxCount) * barsH;

    const chart = svg("svg", {
      id: "dyad-svg", width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "img",
      "aria-label": `Cooperation and conflict between ${data.a} and ${data.b} by ${data.interval}`,
    });
    // Cooperation and conflict bands behind the curve.
    chart.append(
      svg("rect", { class: "band-coop", x: MARGIN.left, y: MARGIN.top, width: plotW, height: curveH / 2 }),
      svg("rect", { class: "band-conf", x: MARGIN.left, y: MARGIN.top + curveH / 2, width: plotW, height: curveH / 2 }),
      svg("text", { class: "band-label", x: MARGIN.left + plotW - 6, y: MARGIN.top + 14, "text-anchor": "end" }, "cooperation"),
      svg("text", { class: "band-label", x: MARGIN.left + plotW - 6, y: MARGIN.top + curveH - 6, "text-anchor": "end" }, "conflict"),
    );
    // Goldstein axis: ticks at -extent, -extent/2, 0, extent/2, extent.
    for (const f of [-1, -0.5, 0, 0.5, 1]) {
      const v = f * extent;
      const y = yOf(v);
      chart.append(
        svg("line", { class: f === 0 ? "zero" : "grid", x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y, y2: y }),
        svg("text", { class: "tick", x: MARGIN.left - 6, y: y + 4, "text-anchor": "end" }, signed(v, 1)),
      );
    }
    chart.append(svg("text", {
      class: "axis-title", transform: `translate(14 ${MARGIN.top + curveH / 2}) rotate(-90)`,
      "text-anchor": "middle",
    }, "mean Goldstein"));

    // The curve through the periods that have events (empty periods have no mean).
    const points = [];
    series.forEach((p, i) => {
      if (p.goldstein_mean !== null && p.goldstein_mean !== undefined) {
        points.push({ x: xOf(i), y: yOf(p.goldstein_mean), p });
      }
    });
    if (points.length) {
      const d = points.map((pt, i) => `${i ? "L" : "M"}${pt.x.toFixed(1)},${pt.y.toFixed(1)}`).join(" ");
      chart.append(svg("path", { class: "curve", d, "data-points": points.length }));
    }
    for (const pt of points) {
      chart.append(svg("circle", {
        class: "point", cx: pt.x, cy: pt.y, r: 4.5, fill: goldsteinColour(pt.p.goldstein_mean),
      }, svg("title", {}, `${label(pt.p.period, data.interval)}: mean Goldstein `
        + `${fmt(pt.p.goldstein_mean, 2)} over ${pt.p.events} events (sum ${fmt(pt.p.goldstein_sum, 1)})`)));
    }

    // Bars: counts by quad class, stacked, one group per period; click opens the events.
    const barW = Math.max(1, Math.min(40, step * 0.7));
    chart.append(
      svg("line", { class: "zero", x1: MARGIN.left, x2: MARGIN.left + plotW, y1: barsTop + barsH, y2: barsTop + barsH }),
      svg("text", { class: "tick", x: MARGIN.left - 6, y: barsTop + 4, "text-anchor": "end" }, fmt(maxCount, 0)),
      svg("text", { class: "tick", x: MARGIN.left - 6, y: barsTop + barsH + 4, "text-anchor": "end" }, "0"),
      svg("text", {
        class: "axis-title", transform: `translate(14 ${barsTop + barsH / 2}) rotate(-90)`,
        "text-anchor": "middle",
      }, "events"),
    );
    series.forEach((p, i) => {
      if (!p.events) return;
      const group = svg("g", {
        class: "bar", "data-period": p.period,
        onclick: () => this.onPeriod(data.a, data.b, p.period, periodEnd(p.period, data.interval)),
      });
      let y = barsTop + barsH;
      for (const q of QUADS) {
        const h = hOf(p[q.key] || 0);
        if (!h) continue;
        y -= h;
        group.append(svg("rect", { x: xOf(i) - barW / 2, y, width: barW, height: h, fill: q.colour }));
      }
      group.append(svg("title", {}, `${label(p.period, data.interval)}: ${p.events} events — `
        + QUADS.map((q) => `${q.label} ${p[q.key]}`).join(", ") + " (click for the events)"));
      chart.append(group);
    });

    // Period labels, thinned to at most MAX_LABELS.
    const every = Math.max(1, Math.ceil(n / MAX_LABELS));
    series.forEach((p, i) => {
      if (i % every) return;
      chart.append(svg("text", {
        class: "tick", x: xOf(i), y: HEIGHT - MARGIN.bottom + 20, "text-anchor": "middle",
      }, label(p.period, data.interval)));
    });

    box.replaceChildren(chart);
    const trend = data.trend || {};
    const badge = el("span", { class: `badge trend-${trend.direction || "flat"}` }, trend.direction || "flat");
    $("#dyad-trend").replaceChildren(
      el("strong", {}, `${data.a} ${data.directed ? "→" : "–"} ${data.b}: `), badge, " ",
      trendText(trend, data.interval),
    );
  }
}
