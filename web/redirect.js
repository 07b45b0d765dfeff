// The redirect bridge page's only script (redirect.html): passes the
// authorization response to the page that started the sign-in. For the
// redirect flow it stores the response in sessionStorage and navigates back
// to that page; for a popup or MSAL's silent iframe it broadcasts the response
// to the opener and closes. See web/standalone.js for the whole flow.

window.msalRedirectBridge.broadcastResponseToMainFrame().catch((error) => {
  const status = document.getElementById("status");
  const code = error?.errorCode ? `${error.errorCode}: ` : "";
  const text = `Sign-in could not finish: ${code}${error?.errorMessage || error?.message || error}`;
  if (status) status.textContent = text;
  console.error(text);
});
