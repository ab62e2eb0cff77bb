import * as vscode from 'vscode';
import { parseAnnotations } from '../../shared/annotations';
import { EXAMPLE_SCHEME, type ExampleTopic, TUTORIALS } from '../../shared/tutorials';

/**
 * The bundled examples as a read-only file system (memory-atlas-example:/<path under
 * media/examples>): opening one never writes into the user's workspace, and the editor shows it
 * read-only. "Make an Editable Copy" gives an untitled copy the user may change and save anywhere.
 */
export class ExampleFiles implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private topics?: Promise<ExampleTopic[]>;

  constructor(private readonly extensionUri: vscode.Uri) {}

  static uriOf(path: string): vscode.Uri {
    return vscode.Uri.from({ scheme: EXAMPLE_SCHEME, path: `/${path.replace(/^\/+/, '')}` });
  }

  /** The example's file in the extension (where its bytes are read from). */
  private real(uri: vscode.Uri): vscode.Uri {
    const path = uri.path.replace(/^\/+/, '');
    if (path.split('/').includes('..')) throw vscode.FileSystemError.FileNotFound(uri);
    return vscode.Uri.joinPath(this.extensionUri, 'media', 'examples', path);
  }

  /** Every tutorial's examples with their titles (read from each file's '@atlas title:'), once. */
  listing(): Promise<ExampleTopic[]> {
    this.topics ??= Promise.all(TUTORIALS.map(async (t) => ({
      id: t.id, title: t.title, walkthrough: t.walkthrough,
      examples: await Promise.all(t.examples.map(async (path) => {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'media', 'examples', path)));
        return { path, title: parseAnnotations(text).title ?? path, language: path.endsWith('.js') ? 'js' as const : 'c' as const };
      })),
    })));
    return this.topics;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const stat = await vscode.workspace.fs.stat(this.real(uri));
    return { ...stat, permissions: vscode.FilePermission.Readonly };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return vscode.workspace.fs.readDirectory(this.real(uri));
  }

  readFile(uri: vscode.Uri): Thenable<Uint8Array> {
    return vscode.workspace.fs.readFile(this.real(uri));
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('the bundled examples are read-only: use "Memory Atlas: Make an Editable Copy"');
  }

  writeFile(): void {
    throw vscode.FileSystemError.NoPermissions('the bundled examples are read-only: use "Memory Atlas: Make an Editable Copy"');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('the bundled examples are read-only');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('the bundled examples are read-only');
  }
}
