import * as fs from 'fs';
import * as vscode from 'vscode';

export { DEBUG_TYPE } from './debugType';

/**
 * The debug adapter runs inline in the extension host (no process to start, same code as the
 * standalone `memory-atlas-debug`). Files are read through VS Code's file system, so virtual
 * workspaces work; the document's own text usually arrives in the launch arguments anyway.
 */
export class InlineDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionUri: vscode.Uri) {}

  async createDebugAdapterDescriptor(): Promise<vscode.DebugAdapterDescriptor> {
    // The adapter, the session and the languages load with the first debug session, not at activation.
    const [{ MemoryAtlasDebugSession }, { memoryAtlasLanguages }] = await Promise.all([import('../../debug/memoryAtlasDebugSession'), import('../../debug/languages')]);
    const wasmDir = vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath;
    const readText = (path: string): string => {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path || d.uri.toString() === path);
      if (open) return open.getText();
      return fs.readFileSync(path, 'utf8');
    };
    return new vscode.DebugAdapterInlineImplementation(new MemoryAtlasDebugSession(memoryAtlasLanguages(wasmDir), { readText }));
  }
}
