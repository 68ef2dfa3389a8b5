// The events view: a paged table from GET /api/events, and an evidence panel from
// GET /api/events/{id} with the source actor, target actor and trigger highlighted.

import { $, el, fmt, getJSON, query, setStatus } from "./dom.js";

const PAGE = 50; // rows per page (the API allows up to 500)
const EXCERPT = 150; // characters of evidence shown in a table cell
const QUOTES = 8; // quotes from the event's article listed under its evidence

const status = () => $("#events-status");

function actorCell(actor) {
  if (!actor) return el("td", {}, el("span", { class: "sub" }, "—"));
  return el("td", {}, el("span", { class: "code" }, actor.code || "?"),
    el("span", { class: "sub" }, actor.text));
}

function excerpt(text) {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
}

/**
 * The evidence sentence with highlights. `event.start` is the evidence's offset in the
 * article; trigger and actor spans are article offsets, so each is shifted by it.
 */
export function highlighted(event) {
  const text = event.evidence || "";
  const spans = [];
  const add = (start, end, cls, label) => {
    if (typeof start !== "number" || typeof end !== "number") return;
    const s = start - event.start;
    const e = end - event.start;
    if (s >= 0 && e > s && e <= text.length) spans.push({ s, e, cls, label });
  };
  add(event.trigger_start, event.trigger_end, "trigger", "trigger");
  if (event.source) add(event.source.start, event.source.end, "source", `source ${event.source.code}`);
  if (event.target) add(event.target.start, event.target.end, "target", `target ${event.target.code}`);
  spans.sort((a, b) => a.s - b.s || b.e - a.e);
  const out = el("p", { class: "evidence", id: "detail-evidence" });
  let at = 0;
  for (const span of spans) {
    if (span.s < at) continue; // overlapping spans: the earlier one wins
    out.append(text.slice(at, span.s),
      el("mark", { class: span.cls, title: span.label }, text.slice(span.s, span.e)));
    at = span.e;
  }
  out.append(text.slice(at));
  return out;
}

function actorLabel(actor) {
  if (!actor) return "—";
  const extra = [actor.name, actor.sectors && actor.sectors.join("/"), actor.entry].filter(Boolean);
  return `${actor.code || "?"} — “${actor.text}”${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

export class EventsView {
  constructor() {
    this.filters = {};
    this.offset = 0;
    this.selected = null;
    $("#prev").addEventListener("click", () => this.load(this.filters, Math.max(0, this.offset - PAGE)));
    $("#next").addEventListener("click", () => this.load(this.filters, this.offset + PAGE));
    $("#detail-close").addEventListener("click", () => {
      $("#detail").hidden = true;
      this.selected = null;
    });
  }

  async load(filters, offset = 0) {
    this.filters = filters;
    this.offset = offset;
    const params = query({
      q: filters.q, actor: filters.actor, pair: filters.pair, code: filters.code,
      quad_class: filters.quad_class, since: filters.since, until: filters.until,
      limit: PAGE, offset,
    });
    setStatus(status(), "Loading…");
    try {
      const page = await getJSON(`/api/events?${params}`);
      this.render(page);
      setStatus(status(), page.total ? "" : "No events match these filters.");
    } catch (error) {
      setStatus(status(), `Search failed: ${error.message}`, true);
    }
  }

  render(page) {
    const body = $("#events tbody");
    body.replaceChildren();
    for (const event of page.items) {
      const open = () => this.open(event.event_id);
      const row = el("tr", {
        class: `q${event.quad_class}${event.event_id === this.selected ? " selected" : ""}`,
        "data-id": event.event_id, tabindex: "0", onclick: open,
        onkeydown: (e) => { if (e.key === "Enter") open(); },
      },
      el("td", { class: "date" }, event.date || "—"),
      actorCell(event.source),
      el("td", {}, el("span", { class: "code" }, event.cameo),
        el("span", { class: "sub" }, event.cameo_name + (event.negated ? " (negated)" : ""))),
      actorCell(event.target),
      el("td", { class: "ev" }, excerpt(event.evidence)));
      body.append(row);
    }
    const first = page.total ? page.offset + 1 : 0;
    const last = page.offset + page.items.length;
    $("#page").textContent = `${fmt(first, 0)}–${fmt(last, 0)} of ${fmt(page.total, 0)} events`;
    $("#prev").disabled = page.offset === 0;
    $("#next").disabled = last >= page.total;
  }

  async open(eventId) {
    this.selected = eventId;
    for (const row of document.querySelectorAll("#events tbody tr")) {
      row.classList.toggle("selected", row.dataset.id === eventId);
    }
    let event;
    try {
      event = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    } catch (error) {
      setStatus(status(), `Could not load event ${eventId}: ${error.message}`, true);
      return;
    }
    $("#detail-title").textContent = `${event.cameo} ${event.cameo_name}`;
    $("#detail-evidence").replaceWith(highlighted(event));
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
      ["Mode", (event.mode || "asserted") + (event.negated ? ", negated" : "")],
      ["Location", loc ? `${loc.name}${loc.country ? ` (${loc.country})` : ""}` : "—"],
      ["Rule", `${event.rule} (confidence ${event.confidence})`],
      ["Article", [article.title || event.article_id, article.outlet, article.published]
        .filter(Boolean).join(" · ")],
    ];
    const list = $("#detail-fields");
    list.replaceChildren();
    for (const [name, value] of fields) list.append(el("dt", {}, name), el("dd", {}, value));
    if (article.url && /^https?:\/\//i.test(article.url)) {
      list.append(el("dt", {}, "URL"), el("dd", {},
        el("a", { href: article.url, rel: "noopener noreferrer", target: "_blank" }, article.url)));
    }
    if (event.mention_count > 1) {
      list.append(el("dt", {}, "Reported"), el("dd", {}, `in ${event.mention_count} articles`));
    }
    const section = $("#detail");
    section.hidden = false;
    section.scrollIntoView({ block: "nearest" });
    this.quotes(event.article_id, eventId);
  }

  /** Who said what in the event's article (GET /api/quotes), below the evidence. */
  async quotes(articleId, eventId) {
    const box = $("#detail-quotes");
    box.replaceChildren();
    let answer;
    try {
      answer = await getJSON(`/api/quotes?${query({ article_id: articleId, limit: QUOTES })}`);
    } catch {
      return; // quotes are extra; the evidence stands without them
    }
    if (this.selected !== eventId || !answer.items || !answer.items.length) return;
    const list = el("ul", {});
    for (const quote of answer.items) {
      const who = quote.speaker ? `${quote.speaker.code || "?"} (“${quote.speaker.text}”)` : "unattributed";
      list.append(el("li", {}, el("span", { class: "code" }, who), ` ${quote.cue || "said"}: `,
        el("q", {}, quote.content)));
    }
    const more = answer.total > answer.items.length ? ` (${answer.items.length} of ${answer.total})` : "";
    box.append(el("h3", {}, `Quotes in this article${more}`), list);
  }
}
