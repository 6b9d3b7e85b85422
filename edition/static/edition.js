// The reading/diplomatic view switch of the reading text, and "cite this paragraph".
document.addEventListener("DOMContentLoaded", () => {
  // The diplomatic view has an address of its own: essay.html?view=diplomatic#p6.
  const showDiplomatic = (button, diplomatic) => {
    document.body.classList.toggle("diplomatic", diplomatic);
    button.setAttribute("aria-pressed", String(diplomatic));
    button.textContent = diplomatic
      ? "Show the edited reading text"
      : "Show the copy-text readings (diplomatic view)";
    const address = new URL(window.location.href);
    if (diplomatic) address.searchParams.set("view", "diplomatic");
    else address.searchParams.delete("view");
    window.history.replaceState(null, "", address);
  };
  for (const button of document.querySelectorAll(".view-switch-button")) {
    button.addEventListener("click", () => {
      showDiplomatic(button, !document.body.classList.contains("diplomatic"));
    });
    if (new URLSearchParams(window.location.search).get("view") === "diplomatic") {
      showDiplomatic(button, true);
      const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  }
  // The verdict layer: off by default; each paragraph's verdicts are an <aside> after it.
  for (const button of document.querySelectorAll(".verdict-switch-button")) {
    button.addEventListener("click", () => {
      const shown = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(shown));
      for (const layer of document.querySelectorAll(".claims-layer")) layer.hidden = !shown;
    });
  }
  // The Claims page: show only the claims with the chosen verdict.
  const filter = document.querySelector(".claims-filter");
  if (filter) {
    const claims = document.querySelectorAll(".claims-register .claim");
    const count = filter.querySelector(".claims-count");
    const show = (verdict) => {
      let shown = 0;
      for (const claim of claims) {
        claim.hidden = Boolean(verdict) && !claim.classList.contains(`verdict-${verdict}`);
        if (!claim.hidden) shown += 1;
      }
      count.textContent = `${shown} of ${claims.length} claims shown.`;
    };
    for (const button of filter.querySelectorAll("button")) {
      button.addEventListener("click", () => {
        for (const other of filter.querySelectorAll("button")) {
          other.setAttribute("aria-pressed", String(other === button));
        }
        show(button.dataset.verdict);
      });
    }
    show("");
  }
  for (const button of document.querySelectorAll(".para-cite")) {
    button.hidden = false; // without this script the button could do nothing
    button.addEventListener("click", () => {
      const address = new URL("#" + button.dataset.anchor, window.location.href).href;
      showCitation(`${button.dataset.citation}, ${address}`);
    });
  }
});

// The citation as the "How to cite" page gives it, followed by the address at which the
// reader reads the paragraph; selectable, and copied on request.
function showCitation(citation) {
  let dialog = document.getElementById("cite-dialog");
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.id = "cite-dialog";
    dialog.className = "cite-dialog";
    dialog.setAttribute("aria-labelledby", "cite-dialog-title");
    dialog.innerHTML =
      '<h2 id="cite-dialog-title">Cite this paragraph</h2>' +
      '<p class="cite-dialog-text"></p>' +
      '<div class="cite-dialog-actions">' +
      '<button type="button" class="cite-dialog-copy">Copy</button>' +
      '<button type="button" class="cite-dialog-close">Close</button></div>' +
      '<p class="cite-dialog-status" role="status"></p>';
    document.body.append(dialog);
    dialog.querySelector(".cite-dialog-close").addEventListener("click", () => dialog.close());
    dialog.querySelector(".cite-dialog-copy").addEventListener("click", () => copyCitation(dialog));
  }
  dialog.querySelector(".cite-dialog-text").textContent = citation;
  dialog.querySelector(".cite-dialog-status").textContent = "";
  dialog.showModal();
}

function copyCitation(dialog) {
  const text = dialog.querySelector(".cite-dialog-text");
  const status = dialog.querySelector(".cite-dialog-status");
  const copied = () => { status.textContent = "Copied."; };
  const selectInstead = () => {
    window.getSelection().selectAllChildren(text);
    status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text.textContent).then(copied, selectInstead);
  } else {
    selectInstead();
  }
}
