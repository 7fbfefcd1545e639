// The Stack Panel's HTML shell, as a pure function (no `vscode` import) so the browser tests load
// exactly the page VS Code shows. The page holds no content of its own: dist/webview/main.js
// builds it. The CSP allows only the nonce'd script and files from the webview's own resource
// root (dist/webview): no inline styles, no network, no eval.

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri(dist/webview/main.js)`. */
  scriptUri: string;
  /** `asWebviewUri(dist/webview/panel.css)`. */
  styleUri: string;
  /** A fresh random nonce per page (base64 or hex). */
  nonce: string;
}

export const PANEL_TITLE = 'StackLens: Stack';

/** The Content-Security-Policy of the panel. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src ${cspSource} 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function panelHtml(o: PanelHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>${PANEL_TITLE}</title>
</head>
<body>
<main id="app" aria-label="StackLens stack panel"></main>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
}
