// The live pages of a meeting (the secretary's, a delegate's phone, the projector): every 0.7
// seconds, ask what the meeting is at. The count of votes in is updated where it stands; a
// vote that closes shows its result in place (from the answer itself: 150 phones do not all
// load their page at once); any other change (another item, a new vote) loads the page anew,
// unless the person is in the middle of marking a ballot (changed and not yet sent), whose
// form then says that the vote has changed.
(() => {
  const root = document.querySelector("[data-live-state]");
  if (!root) return;
  let seen = root.dataset.liveKey;
  let busy = false;
  const key = (state) => [state.item, state.poll, state.status].join(":");
  document.addEventListener("change", (event) => {
    const ballot = event.target.closest("form[data-ballot]");
    if (ballot) ballot.dataset.marking = "yes";
  });

  const cell = (tag, text, scope) => {
    const element = document.createElement(tag);
    element.textContent = text;
    if (scope) element.scope = scope;
    return element;
  };

  // The result of a vote that has just closed, where the ballot was: the same table as the
  // page shows once loaded (meetings/_result.html), its words from the page's data-*.
  const showResult = (result) => {
    const target = document.querySelector("[data-live-result]");
    if (!target) return false;
    const words = target.dataset;
    const box = document.createElement("div");
    box.className = "result";
    box.setAttribute("role", "status");
    box.append(cell("h3", words.heading));
    const table = document.createElement("table");
    table.className = "result-table";
    const head = table.createTHead().insertRow();
    head.append(cell("th", words.option, "col"), cell("th", words.votes, "col"));
    head.lastChild.className = "number";
    const body = table.createTBody();
    for (const row of result.rows) {
      const line = body.insertRow();
      const label = cell("th", row.label, "row");
      if (row.won) {
        line.className = "won";
        label.append(" ", cell("strong", `– ${words.decided}`));
      }
      const votes = cell("td", row.votes === null ? words.acclamation : String(row.votes));
      votes.className = "number";
      line.append(label, votes);
    }
    box.append(table);
    if (result.decision) box.append(cell("p", result.decision));
    target.replaceChildren(box);
    return true;
  };

  const tick = async () => {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const response = await fetch(root.dataset.liveState, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) return;
      const state = await response.json();
      document.querySelectorAll("[data-live-voted]").forEach((element) => {
        element.textContent = state.voted;
      });
      if (key(state) === seen) return;
      const samePoll = seen === [state.item, state.poll, "open"].join(":");
      if (samePoll && state.status === "closed" && state.result && showResult(state.result)) {
        seen = key(state);
      } else if (document.querySelector("form[data-ballot][data-marking]")) {
        const note = document.getElementById("ballot-changed");
        if (note) note.hidden = false;
      } else {
        window.location.reload();
      }
    } catch {
      // The next tick tries again; the page stays as it is meanwhile.
    } finally {
      busy = false;
    }
  };
  setInterval(tick, 700);
})();
