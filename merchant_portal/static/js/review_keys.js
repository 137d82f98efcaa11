// The review desk's keyboard: j/k next and previous, o open, a approve, s send back,
// d documents, ? this sheet. Served as a file (the CSP allows no inline script); every key
// has a link or button doing the same, so the desk works without it.
(() => {
  const desk = document.querySelector("[data-review-keys]");
  if (!desk) return;
  const mode = desk.dataset.reviewKeys;
  const help = document.getElementById("keys-help");

  const typing = (el) =>
    el &&
    (el.isContentEditable ||
      el.tagName === "TEXTAREA" ||
      el.tagName === "SELECT" ||
      (el.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes(el.type)));

  const toggleHelp = () => {
    if (!help) return;
    if (help.open) help.close();
    else help.showModal();
  };
  document.querySelectorAll("[data-keys-help]").forEach((b) => b.addEventListener("click", toggleHelp));
  document.querySelectorAll("[data-keys-close]").forEach((b) => b.addEventListener("click", () => help.close()));

  // The list: a highlighted row that j/k move, o opens and a approves (htmx, in place).
  const rows = () => Array.from(document.querySelectorAll("[data-queue-row]"));
  let current = -1;
  const select = (index) => {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("key-selected", i === current));
    all[current].scrollIntoView({ block: "nearest" });
  };
  const currentRow = () => rows()[current];

  // The decision page: a approves (and the portal moves on to the next), s sends back.
  const decisionForm = document.getElementById("decision-form");
  const choose = (decision) => {
    if (!decisionForm) return null;
    const radio = decisionForm.querySelector(`input[name="decision"][value="${decision}"]`);
    if (radio) radio.checked = true;
    return radio;
  };

  const actions = {
    detail: {
      j: () => document.querySelector('a[rel="next"][data-key-nav]')?.click(),
      k: () => document.querySelector('a[rel="prev"][data-key-nav]')?.click(),
      a: () => choose("approve") && decisionForm.requestSubmit(),
      s: () => {
        if (!choose("request_changes")) return;
        const reason = decisionForm.querySelector('input[name="reasons"]');
        decisionForm.scrollIntoView({ block: "start" });
        if (reason) reason.focus();
      },
      d: () => {
        const documents = document.querySelector("[data-documents]");
        if (!documents) return;
        documents.scrollIntoView({ block: "start" });
        const first = documents.querySelector("a[href], img");
        if (first && first.tagName === "A") first.click();
      },
    },
    queue: {
      j: () => select(current + 1),
      k: () => select(current - 1),
      o: () => currentRow()?.querySelector("[data-open]")?.click(),
      a: () => currentRow()?.querySelector("[data-approve]")?.click(),
      s: () => currentRow()?.querySelector("[data-open]")?.click(),
      d: () => currentRow()?.querySelector("[data-open]")?.click(),
    },
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "?") {
      event.preventDefault();
      toggleHelp();
      return;
    }
    if (help && help.open) return;
    const action = actions[mode]?.[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
  desk.dataset.keysReady = "1"; // for tests: keys pressed before this would be lost
})();
