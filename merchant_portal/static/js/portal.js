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
