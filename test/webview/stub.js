// Stands in for what VS Code injects into a webview: acquireVsCodeApi() with postMessage and
// getState/setState. Messages and state are recorded for the test; state lives in
// sessionStorage so a reload of the page sees it (as a panel restored after a window reload does).
(() => {
  const KEY = 'vscode-webview-state';
  window.__posted = [];
  window.__violations = [];
  window.__stateWrites = 0;
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(
      `${e.violatedDirective} ${e.blockedURI || ''} ${e.sourceFile || ''}:${e.lineNumber || ''}`,
    );
  });
  let acquired = false;
  window.acquireVsCodeApi = () => {
    // VS Code throws on a second call; so does the stub, to catch it.
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => {
        const raw = sessionStorage.getItem(KEY);
        return raw ? JSON.parse(raw) : undefined;
      },
      setState: (state) => {
        sessionStorage.setItem(KEY, JSON.stringify(state));
        window.__stateWrites += 1;
        return state;
      },
    });
  };
})();
