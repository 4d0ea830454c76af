// GOV.UK Frontend's components (tabs, error summary focus, details). A module file, not an inline
// script: the Content-Security-Policy allows scripts from this server only.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
