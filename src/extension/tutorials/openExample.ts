import * as vscode from 'vscode';
import { EXAMPLE_SCHEME, TUTORIALS } from '../../shared/tutorials';
import { stepThroughFile } from '../debug/stepThroughCommand';
import { ExampleFiles } from './exampleFiles';
import { foldAnnotations } from './annotationFolding';

export interface OpenExampleOptions {
  /** Start stepping through it at once (a walkthrough step's button). */
  readonly step?: boolean;
  /** Run it under these allocators side by side (Compare Allocators). */
  readonly compare?: readonly string[];
}

interface ExampleItem extends vscode.QuickPickItem {
  readonly path?: string;
}

/**
 * "Memory Atlas: Open Example…": the bundled examples by tutorial in a quick pick, or the one a
 * walkthrough button names. The example opens read-only (the memory-atlas-example: file system);
 * nothing is written into the workspace.
 */
export async function openExample(files: ExampleFiles, path?: unknown, options?: OpenExampleOptions): Promise<vscode.TextEditor | undefined> {
  let chosen = typeof path === 'string' ? path : undefined;
  if (chosen !== undefined && !TUTORIALS.some((t) => t.examples.includes(chosen!))) {
    void vscode.window.showErrorMessage(`Memory Atlas: there is no bundled example '${chosen}'.`);
    return undefined;
  }
  if (chosen === undefined) {
    const items: ExampleItem[] = [];
    for (const topic of await files.listing()) {
      items.push({ label: topic.title, kind: vscode.QuickPickItemKind.Separator });
      for (const e of topic.examples) items.push({ label: e.title, description: e.path, path: e.path, iconPath: new vscode.ThemeIcon(e.language === 'js' ? 'json' : 'file-code') });
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Memory Atlas: Open Example', placeHolder: 'A bundled example to read and step through (it opens read-only)', matchOnDescription: true });
    if (!picked?.path) return undefined;
    chosen = picked.path;
  }
  const document = await vscode.workspace.openTextDocument(ExampleFiles.uriOf(chosen));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  await foldAnnotations(editor);
  if (options?.step) await stepThroughFile(document.uri);
  if (options?.compare) await vscode.commands.executeCommand('memoryAtlas.compareAllocators', document.uri, options.compare);
  return editor;
}

/**
 * "Memory Atlas: Make an Editable Copy": the example as an untitled buffer, to change and run (a
 * fix, an experiment). Saving it asks where, as any new file does.
 */
export async function copyExample(example?: vscode.Uri | string): Promise<vscode.TextEditor | undefined> {
  // A walkthrough button names the example by its path; the editor title button passes its URI.
  const source = typeof example === 'string' ? ExampleFiles.uriOf(example) : example ?? vscode.window.activeTextEditor?.document.uri;
  if (!source || source.scheme !== EXAMPLE_SCHEME) {
    void vscode.window.showInformationMessage('Memory Atlas: open a bundled example first ("Memory Atlas: Open Example…").');
    return undefined;
  }
  const original = await vscode.workspace.openTextDocument(source);
  // A plain untitled buffer: one named after the example would be tied to a path on disk, and
  // VS Code saves such a buffer there without asking (debug.saveBeforeStart, for one).
  const document = await vscode.workspace.openTextDocument({ language: original.languageId, content: original.getText() });
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}
