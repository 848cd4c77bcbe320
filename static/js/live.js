// The live pages of a meeting (the secretary's, a delegate's phone, the projector): every two
// seconds, ask what the meeting is at. The count of votes in is updated where it stands; when
// the item, the vote or its state changes, the page is loaded anew (unless the person is in
// the middle of marking a ballot: changed and not yet sent, whose form then says that the
// vote has changed).
(() => {
  const root = document.querySelector("[data-live-state]");
  if (!root) return;
  const seen = root.dataset.liveKey;
  let busy = false;
  const key = (state) => [state.item, state.poll, state.status].join(":");
  document.addEventListener("change", (event) => {
    const ballot = event.target.closest("form[data-ballot]");
    if (ballot) ballot.dataset.marking = "yes";
  });
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
      if (key(state) !== seen) {
        if (document.querySelector("form[data-ballot][data-marking]")) {
          const note = document.getElementById("ballot-changed");
          if (note) note.hidden = false;
        } else {
          window.location.reload();
        }
      }
    } catch {
      // The next tick tries again; the page stays as it is meanwhile.
    } finally {
      busy = false;
    }
  };
  setInterval(tick, 2000);
})();
