import * as vscode from 'vscode';
import { programPath, withSettings } from './debugConfigurations';
import { DEBUG_TYPE, STEPPABLE_LANGUAGES } from './debugType';

/**
 * "Memory Atlas: Step Through This File": a debug session on the active C or JavaScript file with no launch.json,
 * stopped at main's first statement; the memory panel opens beside it at the first stop.
 */
export async function stepThroughFile(uri?: vscode.Uri): Promise<boolean> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const language = document && STEPPABLE_LANGUAGES[document.languageId];
  if (!document || !language) {
    void vscode.window.showInformationMessage('Memory Atlas: open a C or JavaScript file first, then run "Memory Atlas: Step Through This File".');
    return false;
  }
  if (!uri || vscode.window.activeTextEditor?.document !== document) await vscode.window.showTextDocument(document, { preview: false });
  const name = document.uri.path.split('/').pop() ?? 'program.c';
  // An untitled buffer's name says nothing of its language: the editor's does.
  const config = withSettings({ type: DEBUG_TYPE, request: 'launch', name: `Memory Atlas: ${name}`, program: programPath(document), sourceText: document.getText(), language });
  // The text goes along in the configuration: nothing needs saving first (an untitled buffer would ask where).
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(document.uri), config, { suppressSaveBeforeStart: true });
}
