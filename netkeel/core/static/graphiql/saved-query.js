// A saved GraphQL query's page: the Run button posts the variables to `…/<id>/run/` with the session's
// CSRF token and shows the JSON answer (data and errors) as it came.
(function () {
  const card = document.getElementById("nk-run-query");
  if (!card) return;
  const button = document.getElementById("nk-run-query-button");
  const variables = document.getElementById("nk-run-query-variables");
  const result = document.getElementById("nk-run-query-result");

  button.addEventListener("click", async () => {
    let parsed = {};
    const text = variables.value.trim();
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        result.textContent = "The variables are not JSON: " + error.message;
        return;
      }
    }
    button.disabled = true;
    result.textContent = "Running…";
    try {
      const response = await fetch(card.dataset.runUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "Content-Type": "application/json",
          "X-CSRFToken": card.dataset.csrfToken,
        },
        body: JSON.stringify({ variables: parsed }),
      });
      const body = await response.json();
      result.textContent = JSON.stringify(body, null, 2);
      result.dataset.status = String(response.status);
    } catch (error) {
      result.textContent = "The query could not be run: " + error.message;
    } finally {
      button.disabled = false;
    }
  });
})();
