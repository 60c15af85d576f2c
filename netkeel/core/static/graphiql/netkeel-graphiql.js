// netkeel's GraphiQL page: mount GraphiQL with a fetcher that posts to /api/graphql/ with the session
// cookie and the CSRF token (Django refuses a session-authenticated POST without it).
(function () {
  const root = document.getElementById("graphiql");
  const endpoint = root.dataset.endpoint;
  const csrfToken = root.dataset.csrfToken;
  const defaultQuery = JSON.parse(document.getElementById("nk-graphiql-default-query").textContent);

  async function fetcher(params) {
    const response = await fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken,
      },
      body: JSON.stringify(params),
    });
    return response.json();
  }

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, defaultEditorToolsVisibility: true })
  );
})();
