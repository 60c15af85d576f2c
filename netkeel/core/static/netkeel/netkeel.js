// netkeel's page behaviour (no inline scripts): the "select all" checkbox of list tables.
document.addEventListener("change", (event) => {
  const toggle = event.target.closest("[data-nk-toggle-all]");
  if (!toggle) return;
  const table = toggle.closest("table");
  if (!table) return;
  table.querySelectorAll('input[type="checkbox"][name="pk"]').forEach((box) => {
    box.checked = toggle.checked;
  });
});
