// htmx leaves a page as it was when an answer is an error. A 409 is the portal telling the
// person that someone else got there first (another reviewer decided the row): its answer is
// the row as it now stands, with that message, so it is shown like any other answer.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
