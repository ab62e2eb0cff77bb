import * as vscode from 'vscode';

/**
 * The panel's HTML: one script, allowed by a nonce that changes on every load, and nothing else
 * (no inline scripts, no remote content). Svelte injects its component styles at run time,
 * hence 'unsafe-inline' for styles only.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle = 'webview.js', loading = 'Loading the process image…', title = 'Memory Atlas'): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', bundle));
  const styles = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'codicons', 'codicon.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${codicons}">
  <link rel="stylesheet" href="${styles}">
  <title>${title}</title>
</head>
<body>
  <div id="app"><p class="loading">${loading}</p></div>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars.charAt(Math.floor(Math.random() * chars.length));
  return nonce;
}
