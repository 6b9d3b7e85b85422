// The reading/diplomatic view switch of the reading text, and "cite this paragraph".
// Added once the page has loaded (templates/layout.html), so it runs at once when the
// document is already parsed.
const whenParsed = (start) =>
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", start) : start();
whenParsed(() => {
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
  // The verdict layer: off by default. On, the claimed words are underlined and followed by
  // their verdict (class "verdicts-shown" on the body), and each paragraph's verdicts are
  // listed in an <aside> after it.
  // The asides are filled from the page's deferred parts the first time.
  for (const button of document.querySelectorAll(".verdict-switch-button")) {
    button.addEventListener("click", async () => {
      const shown = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(shown));
      document.body.classList.toggle("verdicts-shown", shown);
      const layers = [...document.querySelectorAll(".claims-layer")];
      if (shown) await Promise.all(layers.map(fillDeferred));
      for (const layer of layers) {
        // An aside that could not be loaded stays hidden; its marks lead to the Claims page.
        layer.hidden = !shown || (Boolean(layer.dataset.deferred) && !layer.dataset.filled);
        if (!layer.dataset.filled) continue;
        for (const verdict of layer.querySelectorAll("li[id^='verdict-']")) {
          const mark = document.getElementById(verdict.id.replace("verdict-", "mark-"));
          if (mark) mark.setAttribute("href", `#${verdict.id}`);
        }
      }
    });
  }
  // A chart's data table is loaded when its disclosure is first opened.
  for (const details of document.querySelectorAll("details[data-deferred]")) {
    details.addEventListener("toggle", () => {
      if (details.open) fillDeferred(details);
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
  // The citations of a paragraph, written at build time with "{n}" for its number and the
  // edition's own address (never the address the page is served from).
  const templates = document.getElementById("paragraph-citation");
  for (const button of document.querySelectorAll(".para-cite")) {
    if (!templates) break;
    button.addEventListener("click", () => {
      const formats = JSON.parse(templates.textContent);
      for (const name of Object.keys(formats)) {
        formats[name] = formats[name].replaceAll("{n}", button.dataset.paragraph);
      }
      showCitation(button.dataset.paragraph, formats);
    });
  }
  // The page's own controls answer from here on: a sign that anything waiting on them reads.
  document.documentElement.dataset.editionScripts = "ready";
});

// Parts of a page loaded only when a reader asks for them: HTML kept in "<page>.deferred.json"
// beside the page (edition/sphinxext/markup.py), fetched once per page.
const deferredFiles = new Map();
async function fillDeferred(element) {
  const key = element.dataset.deferred;
  if (!key || element.dataset.filled) return;
  const source = element.dataset.src;
  if (!deferredFiles.has(source)) {
    deferredFiles.set(
      source,
      fetch(source).then((response) => (response.ok ? response.json() : {})).catch(() => ({})),
    );
  }
  const parts = await deferredFiles.get(source);
  if (!(key in parts) || element.dataset.filled) return;
  element.dataset.filled = "true";
  for (const waiting of element.querySelectorAll(".deferred-wait")) waiting.remove();
  element.insertAdjacentHTML("beforeend", parts[key]);
}

// The citation of a paragraph in each format, each selectable and copied on request.
function showCitation(paragraph, formats) {
  let dialog = document.getElementById("cite-dialog");
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.id = "cite-dialog";
    dialog.className = "cite-dialog";
    dialog.setAttribute("aria-labelledby", "cite-dialog-title");
    dialog.innerHTML =
      '<h2 id="cite-dialog-title"></h2><div class="cite-dialog-formats"></div>' +
      '<div class="cite-dialog-actions">' +
      '<button type="button" class="cite-dialog-close">Close</button></div>' +
      '<p class="cite-dialog-status" role="status"></p>';
    document.body.append(dialog);
    dialog.querySelector(".cite-dialog-close").addEventListener("click", () => dialog.close());
  }
  dialog.querySelector("#cite-dialog-title").textContent = `Cite paragraph ${paragraph}`;
  const list = dialog.querySelector(".cite-dialog-formats");
  list.replaceChildren();
  for (const [name, citation] of Object.entries(formats)) {
    const section = document.createElement("section");
    section.className = "cite-dialog-format";
    const heading = document.createElement("h3");
    heading.textContent = name;
    const text = document.createElement("pre");
    text.className = "cite-dialog-text";
    text.dataset.format = name;
    text.textContent = citation;
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "cite-dialog-copy";
    copy.textContent = `Copy ${name}`;
    copy.addEventListener("click", () => copyCitation(dialog, text, name));
    section.append(heading, text, copy);
    list.append(section);
  }
  dialog.querySelector(".cite-dialog-status").textContent = "";
  dialog.showModal();
  dialog.querySelector(".cite-dialog-copy").focus(); // not a scrolling citation block
}

function copyCitation(dialog, text, name) {
  const status = dialog.querySelector(".cite-dialog-status");
  const copied = () => { status.textContent = `${name} copied.`; };
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
