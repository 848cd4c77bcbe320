// The admin's searchable selects (select2, Django's autocomplete_fields) name themselves
// after their selection only, which is empty until something is chosen, and a multiple one
// types into a search box of its own without a label: screen readers then announce nameless
// fields. Name each part after its field's label. Select2 is set up by jQuery's "ready",
// which may run after the page's "load", so every select2 box is labelled as it appears.
(() => {
  const nameParts = (container, name) => {
    container.querySelectorAll("[role=textbox], input.select2-search__field").forEach((part) => {
      part.setAttribute("aria-label", name);
    });
  };

  const label = (box) => {
    if (box.dataset.labelled) return;
    const container = box.closest(".select2-container");
    const select = container && container.previousElementSibling;
    const text = select && select.id && document.querySelector(`label[for="${select.id}"]`);
    if (!text) return;
    box.dataset.labelled = "yes";
    const name = text.textContent.replace(/:\s*$/, "").trim();
    text.id = text.id || `${select.id}-label`;
    const shown = box.getAttribute("aria-labelledby");
    box.setAttribute("aria-labelledby", shown ? `${text.id} ${shown}` : text.id);
    nameParts(container, name);
    // A multiple select lists its choices, and puts its "clear all" button in the list too,
    // where only list items belong: keep the button next to the list, where its click
    // handler (on the whole selection) still finds it.
    const list = box.querySelector("ul.select2-selection__rendered");
    if (!list) return;
    const tidy = () => {
      list.querySelectorAll(":scope > :not(li)").forEach((stray) => list.after(stray));
      nameParts(container, name);
    };
    tidy();
    new MutationObserver(tidy).observe(list, { childList: true });
  };

  const labelAll = () => document.querySelectorAll(".select2-selection").forEach(label);
  new MutationObserver(labelAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", labelAll);
})();
