// Small helpers shared by the dashboard's views: building HTML and SVG nodes, fetching
// JSON from the API, number formatting and the quad-class palette.
// All text goes into the page through text nodes, never innerHTML, so words from the
// news cannot inject markup.

export const SVG_NS = "http://www.w3.org/2000/svg";

// Quad classes as CAMEO defines them (DESIGN.md output contract); colours are the
// dashboard's own: greens for cooperation, orange and red for conflict.
export const QUADS = [
  { key: "q1", quad: 1, label: "verbal cooperation", colour: "#5aa469" },
  { key: "q2", quad: 2, label: "material cooperation", colour: "#1e6b34" },
  { key: "q3", quad: 3, label: "verbal conflict", colour: "#e09f3e" },
  { key: "q4", quad: 4, label: "material conflict", colour: "#b3261e" },
];

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** An HTML element: el("td", {class: "x", onclick: fn}, "text", otherNode). */
export function el(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, same calling convention as el(). */
export function svg(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** GET a JSON document; throws an Error with the API's detail on a non-2xx answer. */
export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    throw new Error(`${response.status}: ${detail || response.statusText}`);
  }
  return body;
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "" && value !== false) {
      out.set(key, String(value));
    }
  }
  return out.toString();
}

/** Show a message in a view's status line (role=status), red when it is an error. */
export function setStatus(node, text, isError = false) {
  node.textContent = text;
  node.classList.toggle("error", isError);
}

export function fmt(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
}

export function signed(value, digits = 2) {
  if (value === null || value === undefined) return "–";
  return `${value > 0 ? "+" : ""}${fmt(value, digits)}`;
}

/** Colour for a Goldstein value (-10 conflict .. +10 cooperation): red, grey, green. */
export function goldsteinColour(value) {
  if (value === null || value === undefined) return "#9aa3ad";
  const t = Math.max(-1, Math.min(1, value / 6));
  const grey = [154, 163, 173];
  const end = t >= 0 ? [30, 130, 60] : [190, 40, 30];
  const a = Math.abs(t);
  const mix = grey.map((g, i) => Math.round(g + (end[i] - g) * a));
  return `rgb(${mix.join(",")})`;
}

/** The quad class with most events in a record carrying q1..q4 counts (1..4). */
export function dominantQuad(record) {
  let best = QUADS[0];
  for (const q of QUADS) if ((record[q.key] || 0) > (record[best.key] || 0)) best = q;
  return best;
}

/** A stable hue for a country code, so one country keeps its colour across redraws. */
export function countryColour(code) {
  let hash = 0;
  for (const ch of code || "?") hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360}, 45%, 55%)`;
}

/** Width available to a view's drawing, with a floor for hidden or narrow containers. */
export function widthOf(node, floor = 480) {
  return Math.max(floor, Math.floor(node.getBoundingClientRect().width || 0));
}
