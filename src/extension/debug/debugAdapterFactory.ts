import * as fs from 'fs';
import * as vscode from 'vscode';
import { MemoryAtlasDebugSession } from '../../debug/memoryAtlasDebugSession';
import { memoryAtlasLanguages } from '../../debug/languages';

export const DEBUG_TYPE = 'memory-atlas';

/**
 * The debug adapter runs inline in the extension host (no process to start, same code as the
 * standalone `memory-atlas-debug`). Files are read through VS Code's file system, so virtual
 * workspaces work; the document's own text usually arrives in the launch arguments anyway.
 */
export class InlineDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionUri: vscode.Uri) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const wasmDir = vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath;
    const readText = (path: string): string => {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path || d.uri.toString() === path);
      if (open) return open.getText();
      return fs.readFileSync(path, 'utf8');
    };
    return new vscode.DebugAdapterInlineImplementation(new MemoryAtlasDebugSession(memoryAtlasLanguages(wasmDir), { readText }));
  }
}
