// The reading/diplomatic view switch of the reading text.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".view-switch-button")) {
    button.addEventListener("click", () => {
      const diplomatic = document.body.classList.toggle("diplomatic");
      button.setAttribute("aria-pressed", String(diplomatic));
      button.textContent = diplomatic
        ? "Show the edited reading text"
        : "Show the copy-text readings (diplomatic view)";
    });
  }
});
