// Initialise all GOV.UK Frontend 5.x components on the page.
// Load with: <script type="module" src="{% static 'portal/portal.js' %}"></script>
// (and add class "govuk-frontend-supported" to <body>, per the GOV.UK template).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// The page of a yearly report PDF being made asks for the job's state every two seconds and
// swaps in the server's rendering of it, so the page follows the job without a reload. Without
// JavaScript the page has a "check again" link instead.
const renderJob = document.getElementById("render-job");
if (renderJob && renderJob.hasAttribute("data-waiting")) {
  const poll = async () => {
    try {
      const response = await fetch(renderJob.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const status = await response.json();
        renderJob.innerHTML = status.html;
        if (status.finished) {
          renderJob.removeAttribute("data-waiting");
          return;
        }
      }
    } catch {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
