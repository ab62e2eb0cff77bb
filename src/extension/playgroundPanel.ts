import * as vscode from 'vscode';
import { SlotPlayground } from '../engine/heap/playground/slotPlayground';
import { type FromPlaygroundMessage, type ToPlaygroundMessage, parseFromPlayground } from '../shared/slotPlayground';
import { CONTRACT_VERSION } from '../shared/version';
import { webviewHtml } from './webviewHtml';

export const PLAYGROUND_VIEW_TYPE = 'memoryAtlas.fragmentationPlayground';
export const PLAYGROUND_TITLE = 'Memory Atlas: Fragmentation Playground';

/**
 * "Memory Atlas: Fragmentation Playground": the seed's 24-slot heap. The view's clicks become
 * malloc and free calls on a SlotPlayground (a real allocator of the engine on a simulated process);
 * the view only draws what it reads back.
 */
export class PlaygroundPanel implements vscode.Disposable {
  private static current: PlaygroundPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private playground = new SlotPlayground('first-fit');

  static show(extensionUri: vscode.Uri): PlaygroundPanel {
    if (PlaygroundPanel.current) {
      PlaygroundPanel.current.panel.reveal();
      return PlaygroundPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PLAYGROUND_VIEW_TYPE, 'Fragmentation Playground', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    PlaygroundPanel.current = new PlaygroundPanel(panel, extensionUri);
    return PlaygroundPanel.current;
  }

  static get instance(): PlaygroundPanel | undefined {
    return PlaygroundPanel.current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'playground.js', 'Starting the heap…', PLAYGROUND_TITLE);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseFromPlayground(raw);
        if (message) this.onMessage(message);
      }),
    );
  }

  private onMessage(message: FromPlaygroundMessage): void {
    if (message.type === 'allocate') this.playground.allocate(message.slots);
    else if (message.type === 'free') this.playground.free(message.block);
    else if (message.type === 'reset') this.playground = new SlotPlayground(message.allocator);
    const reply: ToPlaygroundMessage = { type: 'view', version: CONTRACT_VERSION, view: this.playground.view() };
    void this.panel.webview.postMessage(reply);
  }

  dispose(): void {
    if (PlaygroundPanel.current === this) PlaygroundPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
