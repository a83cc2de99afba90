// pantau web: the document view's highlighting. Loaded as a file (the CSP allows no
// inline script). Span tokens are server-assigned indices ("e3-actor", "n5"), so no
// text from the document is ever turned into a selector or into markup here.
(function () {
  "use strict";

  const text = document.getElementById("doc-text");
  if (!text) return;
  const segments = Array.from(text.querySelectorAll("[data-spans]"));
  const tokensOf = new Map(segments.map((s) => [s, s.dataset.spans.split(" ")]));
  const HIGHLIGHTS = ["hl-trigger", "hl-arg", "hl-focus", "hl-entity"];

  function clear() {
    segments.forEach((s) => s.classList.remove(...HIGHLIGHTS));
    document.querySelectorAll(".event-card.selected").forEach((c) => c.classList.remove("selected"));
  }

  // Light up every span of event `index`; `role` (e.g. "actor", "q0") gets the focus.
  function selectEvent(index, role, scrollText) {
    clear();
    const prefix = "e" + index + "-";
    let trigger = null;
    let focus = null;
    for (const seg of segments) {
      for (const token of tokensOf.get(seg)) {
        if (!token.startsWith(prefix)) continue;
        const part = token.slice(prefix.length);
        seg.classList.add(part === "trigger" ? "hl-trigger" : "hl-arg");
        if (part === "trigger" && !trigger) trigger = seg;
        if (role && part === role) {
          seg.classList.add("hl-focus");
          if (!focus) focus = seg;
        }
      }
    }
    const card = document.getElementById("event-" + index);
    if (card) card.classList.add("selected");
    const target = focus || trigger;
    if (scrollText && target) target.scrollIntoView({ block: "center" });
    return card;
  }

  function selectEntity(index) {
    clear();
    const token = "n" + index;
    let first = null;
    for (const seg of segments) {
      if (tokensOf.get(seg).includes(token)) {
        seg.classList.add("hl-entity");
        if (!first) first = seg;
      }
    }
    if (first) first.scrollIntoView({ block: "center" });
  }

  // Side panel: an event card, one of its fields, or an entity.
  const panel = document.getElementById("event-panel");
  if (panel) {
    panel.addEventListener("click", (ev) => {
      const field = ev.target.closest("[data-event]");
      if (field) {
        selectEvent(field.dataset.event, field.dataset.role || null, true);
        return;
      }
      const entity = ev.target.closest("[data-entity]");
      if (entity) selectEntity(entity.dataset.entity);
    });
  }

  // The text: clicking a trigger selects its event and shows its card.
  text.addEventListener("click", (ev) => {
    const seg = ev.target.closest("[data-spans]");
    if (!seg) return;
    const trigger = tokensOf.get(seg).find((t) => /^e\d+-trigger$/.test(t));
    if (!trigger) return;
    const card = selectEvent(trigger.slice(1, -"-trigger".length), null, false);
    if (card) card.scrollIntoView({ block: "nearest" });
  });

  for (const [id, cls] of [["toggle-entities", "hide-entities"], ["toggle-events", "hide-events"]]) {
    const box = document.getElementById(id);
    if (box) box.addEventListener("change", () => text.classList.toggle(cls, !box.checked));
  }

  // A link to one event of the document (?event=V3) arrives with its card selected.
  const preselected = document.querySelector(".event-card.selected");
  if (preselected) selectEvent(preselected.dataset.index, null, true);
})();
