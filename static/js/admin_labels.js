// The admin's searchable selects (select2, Django's autocomplete_fields) name themselves
// after their selection only, which is empty until something is chosen, and a multiple one
// types into a search box of its own without a label: screen readers then announce nameless
// fields. Name each part after its field's label.

window.addEventListener("load", () => {
  document.querySelectorAll(".select2-selection").forEach((box) => {
    const container = box.closest(".select2-container");
    const select = container && container.previousElementSibling;
    const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
    if (!label) return;
    const name = label.textContent.replace(/:\s*$/, "").trim();
    label.id = label.id || `${select.id}-label`;
    const shown = box.getAttribute("aria-labelledby");
    box.setAttribute("aria-labelledby", shown ? `${label.id} ${shown}` : label.id);
    // The chosen value, in a read-only text box; the search box of a multiple select.
    const nameParts = () => {
      container.querySelectorAll("[role=textbox], input.select2-search__field").forEach((part) => {
        part.setAttribute("aria-label", name);
      });
    };
    nameParts();
    // A multiple select lists its choices, and puts its "clear all" button in the list too,
    // where only list items belong: keep the button next to the list, where its click
    // handler (on the whole selection) still finds it.
    const list = box.querySelector("ul.select2-selection__rendered");
    if (!list) return;
    const tidy = () => {
      list.querySelectorAll(":scope > :not(li)").forEach((stray) => list.after(stray));
      nameParts();
    };
    tidy();
    new MutationObserver(tidy).observe(list, { childList: true });
  });
});
