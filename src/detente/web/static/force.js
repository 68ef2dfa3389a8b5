// A plain force-directed layout (Fruchterman and Reingold, "Graph drawing by
// force-directed placement", 1991): nodes repel as k^2/d, edges pull as d^2/k, a weak
// pull to the centre keeps unconnected parts in view, and a cooling temperature caps each
// move. Deterministic: nodes start on a circle in the order given, so one answer always
// draws the same picture.

// Iterations: 300 settle the sample network (about 70 actors); bigger graphs get fewer so
// that pairs x iterations stays near PAIR_BUDGET (about 0.1 s in Chromium on this machine),
// but never below MIN_ITERATIONS, where the cooling schedule still untangles a layout.
const ITERATIONS = 300;
const MIN_ITERATIONS = 60;
const PAIR_BUDGET = 1.5e6;
// Pull to the centre per px of distance. Tuned on the sample reports' network (60 actors in
// 20 components): weaker leaves small components on the rim, stronger crowds the hubs.
const GRAVITY = 1.5;
const MIN_DISTANCE = 0.01; // keeps coincident nodes from dividing by zero
// (Math.sqrt rather than Math.hypot: hypot is several times slower in V8.)

/**
 * Positions for `nodes` (objects with an `id`) joined by `edges` ({source, target, weight})
 * inside a width x height box with `pad` px kept free at the borders. Returns a Map from id
 * to {x, y}.
 */
export function forceLayout(nodes, edges, width, height, pad = 30) {
  const n = nodes.length;
  const pos = new Map();
  if (!n) return pos;
  const cx = width / 2;
  const cy = height / 2;
  const w = width - 2 * pad;
  const h = height - 2 * pad;
  const k = Math.sqrt((w * h) / n) * 0.75;
  const k2 = k * k;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const index = new Map();
  nodes.forEach((node, i) => {
    index.set(node.id, i);
    const angle = (2 * Math.PI * i) / n;
    xs[i] = cx + (w / 3) * Math.cos(angle);
    ys[i] = cy + (h / 3) * Math.sin(angle);
  });
  const links = edges
    .map((e) => [index.get(e.source), index.get(e.target), Math.log1p(e.weight || 1)])
    .filter(([s, t]) => s !== undefined && t !== undefined && s !== t);
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const iterations = Math.max(MIN_ITERATIONS, Math.min(ITERATIONS, Math.round(PAIR_BUDGET / ((n * n) / 2))));
  let temperature = Math.min(w, h) / 8;
  const cooling = temperature / (iterations + 1);

  for (let iter = 0; iter < iterations; iter += 1) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        let ddx = xs[i] - xs[j];
        let ddy = ys[i] - ys[j];
        let d2 = ddx * ddx + ddy * ddy;
        if (d2 < MIN_DISTANCE * MIN_DISTANCE) {
          ddx = MIN_DISTANCE * ((i % 3) - 1 || 1);
          ddy = MIN_DISTANCE;
          d2 = ddx * ddx + ddy * ddy;
        }
        // (ddx / dist) * (k^2 / dist) without the square root.
        const fx = (ddx * k2) / d2;
        const fy = (ddy * k2) / d2;
        dx[i] += fx;
        dy[i] += fy;
        dx[j] -= fx;
        dy[j] -= fy;
      }
    }
    for (const [s, t, weight] of links) {
      const ddx = xs[s] - xs[t];
      const ddy = ys[s] - ys[t];
      const dist = Math.max(MIN_DISTANCE, Math.sqrt(ddx * ddx + ddy * ddy));
      const force = ((dist * dist) / k) * weight;
      const fx = (ddx / dist) * force;
      const fy = (ddy / dist) * force;
      dx[s] -= fx;
      dy[s] -= fy;
      dx[t] += fx;
      dy[t] += fy;
    }
    for (let i = 0; i < n; i += 1) {
      dx[i] -= (xs[i] - cx) * GRAVITY;
      dy[i] -= (ys[i] - cy) * GRAVITY;
      const len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (len > 0) {
        const step = Math.min(len, temperature);
        xs[i] += (dx[i] / len) * step;
        ys[i] += (dy[i] / len) * step;
      }
    }
    temperature -= cooling;
  }

  // Fit the result into the box.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i += 1) {
    minX = Math.min(minX, xs[i]);
    maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]);
    maxY = Math.max(maxY, ys[i]);
  }
  const sx = maxX > minX ? w / (maxX - minX) : 0;
  const sy = maxY > minY ? h / (maxY - minY) : 0;
  nodes.forEach((node, i) => {
    pos.set(node.id, {
      x: sx ? pad + (xs[i] - minX) * sx : cx,
      y: sy ? pad + (ys[i] - minY) * sy : cy,
    });
  });
  return pos;
}
