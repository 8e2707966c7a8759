// Initialise all GOV.UK Frontend 5.x components on the page.
// Load with: <script type="module" src="{% static 'portal/portal.js' %}"></script>
// (and add class "govuk-frontend-supported" to <body>, per the GOV.UK template).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
