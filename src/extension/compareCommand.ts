import * as vscode from 'vscode';
import { ALLOCATOR_NAMES, ALLOCATOR_SUMMARIES, type AllocatorName, isAllocatorName } from '../shared/allocators';
import { ComparePanel } from './comparePanel';
import { type ProgramImages, isCDocument } from './programImages';

/** The allocators a comparison starts with when none are given: the setting, else glibc, first-fit and buddy. */
export function defaultComparedAllocators(): AllocatorName[] {
  const configured = vscode.workspace.getConfiguration('memoryAtlas').get<unknown[]>('compare.allocators') ?? [];
  const names = [...new Set(configured.filter(isAllocatorName))];
  return names.length >= 2 ? names : ['glibc', 'first-fit', 'buddy'];
}

/**
 * "Memory Atlas: Compare Allocators": pick two or more allocators (the last choice is offered
 * again) and open the compare view on the C file. Tests and other commands may pass the file
 * and the allocators.
 */
export async function compareAllocators(extensionUri: vscode.Uri, images: ProgramImages, uri?: vscode.Uri, given?: readonly string[]): Promise<void> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || !isCDocument(document)) {
    void vscode.window.showInformationMessage('Memory Atlas: open a C file first, then run "Memory Atlas: Compare Allocators".');
    return;
  }
  let allocators = given?.filter(isAllocatorName);
  if (!allocators) {
    const preset = new Set(defaultComparedAllocators());
    const picked = await vscode.window.showQuickPick(
      ALLOCATOR_NAMES.map((name) => ({ label: name, detail: ALLOCATOR_SUMMARIES[name], picked: preset.has(name) })),
      { canPickMany: true, title: 'Compare allocators', placeHolder: 'Pick two or more allocators to run the program under' },
    );
    if (!picked) return;
    allocators = picked.map((p) => p.label as AllocatorName);
    if (allocators.length >= 2) await vscode.workspace.getConfiguration('memoryAtlas').update('compare.allocators', allocators, vscode.ConfigurationTarget.Global);
  }
  if (allocators.length < 2) {
    void vscode.window.showInformationMessage('Memory Atlas: pick at least two allocators to compare.');
    return;
  }
  await ComparePanel.open(extensionUri, images, document, allocators);
}
