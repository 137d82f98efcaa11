// htmx leaves a page as it was when an answer is an error. A 409 is the portal telling the
// person that someone else got there first (another reviewer decided the row): its answer is
// the row as it now stands, with that message, so it is shown like any other answer.
document.addEventListener("htmx:beforeSwap", (event) => {
  // A refused form answered as its own block (X-Refused-Fragment) is swapped in too: the
  // problems shown beside what the person typed, the rest of the page untouched.
  const xhr = event.detail.xhr;
  if (xhr.status === 409 || (xhr.status === 400 && xhr.getResponseHeader("X-Refused-Fragment"))) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// The marketplace's main-image rule (square, at least N x N) said before the upload, where the
// browser can read the chosen files' sizes; the server checks again and scores it anyway.
document.addEventListener("change", async (event) => {
  const input = event.target;
  if (!input.matches || !input.matches("input[type=file][data-main-image-min]")) return;
  const minimum = Number(input.dataset.mainImageMin);
  const warning = document.getElementById(input.dataset.warning);
  if (!warning || typeof createImageBitmap !== "function") return;
  const lines = [];
  for (const file of input.files) {
    try {
      const bitmap = await createImageBitmap(file);
      const { width, height } = bitmap;
      bitmap.close();
      if (width !== height || Math.min(width, height) < minimum) {
        lines.push(input.dataset.sizeWarning.replace("{file}", file.name)
          .replace("{width}", width).replace("{height}", height));
      }
    } catch (error) {
      // not an image the browser can read: the server names the problem after the upload
    }
  }
  warning.textContent = lines.join(" ");
  warning.hidden = lines.length === 0;
});

// Images arranged by dragging: the arrows (plain forms) work without this; with it, a figure
// dropped on another takes its place and the new order is posted, then the page shows it.
(() => {
  let dragged = null;
  document.addEventListener("dragstart", (event) => {
    const figure = event.target.closest && event.target.closest(".gallery[data-order-url] figure[data-image-id]");
    if (!figure) return;
    dragged = figure;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", figure.dataset.imageId);
  });
  document.addEventListener("dragover", (event) => {
    if (dragged && event.target.closest && event.target.closest(".gallery[data-order-url] figure[data-image-id]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("drop", async (event) => {
    const target = event.target.closest && event.target.closest(".gallery[data-order-url] figure[data-image-id]");
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    const gallery = target.parentElement;
    const figures = [...gallery.querySelectorAll("figure[data-image-id]")];
    const after = figures.indexOf(dragged) < figures.indexOf(target);
    gallery.insertBefore(dragged, after ? target.nextSibling : target);
    dragged = null;
    const order = [...gallery.querySelectorAll("figure[data-image-id]")].map((f) => f.dataset.imageId);
    const body = new URLSearchParams({ csrf_token: gallery.dataset.csrf, order: order.join(",") });
    try {
      // not followed: the page reloaded below is the one that shows the flashed message
      await fetch(gallery.dataset.orderUrl, { method: "POST", body, credentials: "same-origin", redirect: "manual" });
    } finally {
      window.location.reload();  // the saved order, or the reason it was refused, as the server says
    }
  });
  document.addEventListener("dragend", () => { dragged = null; });
})();

// The category picker: a search box before a long <select data-picker> keeps only the
// categories whose path (in either language) holds what is typed; the select itself stays
// the form's field, and works as it is without this script.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-picker]")) {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = select.dataset.picker;
    box.setAttribute("aria-label", select.dataset.picker);
    box.setAttribute("aria-controls", select.id);
    select.before(box);
    // men's = mens, t-shirts = tshirts: what people leave out when they type
    const LATIN = /^[a-z0-9]+$/;
    const fold = (text) => (text || "").normalize("NFKC").toLowerCase().replace(/[\s'’-]+/g, "");
    const none = document.createElement("p");
    none.className = "muted picker-none";
    none.setAttribute("role", "status");
    none.textContent = select.dataset.pickerNone || "";
    none.hidden = true;
    select.after(none);
    // Enter in the search box picks, it does not send the listing half written
    box.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
    box.addEventListener("input", () => {
      // every word somewhere in the path: "女装 连衣裙" and "dress women" both find 女装 > 连衣裙
      const words = box.value.split(/[\s/>＞、,，]+/).map(fold).filter(Boolean);
      const options = [...select.options].filter((option) => option.value);
      const matches = options.filter((option) => {
        const text = (option.dataset.names || "") + " " + option.text;
        const whole = fold(text);
        const parts = text.split(/[\s›>/&,、，()（）]+/).map(fold).filter(Boolean);
        // a Latin word starts a word of the path ("men" is not in "women"); Chinese is
        // written without spaces, so a Chinese word may stand anywhere in it (内衣 in 服饰内衣)
        return words.every((word) =>
          (LATIN.test(word) ? parts.some((part) => part.startsWith(word)) : whole.includes(word)));
      });
      if (words.length && matches.length === 1 && !matches[0].selected) {
        matches[0].selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      const matched = new Set(matches);
      let rows = 0;
      for (const option of options) {
        // the chosen category stays in sight: hidden, it was still saved with the listing
        option.hidden = !matched.has(option) && !option.selected;
        if (!option.hidden) rows += 1;
      }
      for (const group of select.querySelectorAll("optgroup")) {
        group.hidden = ![...group.children].some((option) => !option.hidden);
        if (!group.hidden) rows += 1;
      }
      none.hidden = !words.length || matches.length > 0;
      select.size = words.length ? Math.min(Math.max(rows + 1, 2), 10) : 0;
    });
    select.addEventListener("change", () => { if (select.size) select.size = Math.min(select.size, 10); });
  }
});

// Enter in the SKU grid's "for every SKU" boxes fills the rows, as its button does; anywhere
// else in the listing, Enter saves it (the form's first button, .enter-saves)
document.addEventListener("keydown", (event) => {
  const box = event.target;
  if (event.key !== "Enter" || !box.matches || !box.matches("#sku-fill-price, #sku-fill-stock")) return;
  event.preventDefault();
  const fill = box.closest(".bulk-fill")?.querySelector("button[name=sku_fill]");
  if (fill) fill.click();
});
