import * as vscode from 'vscode';
import { type ProgramImages, isCDocument } from './programImages';

/** "Show Address Space" and "Step Through This File" lenses above `main`, where a student's eyes already are. */
export class MainCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly images: ProgramImages) {}

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isCDocument(document) || !vscode.workspace.getConfiguration('memoryAtlas').get<boolean>('codeLens.enabled', true)) return [];
    const snapshot = await this.images.imageOf(document);
    const main = snapshot.symbols.find((s) => s.kind === 'function' && s.name === 'main');
    if (!main) return [];
    const range = new vscode.Range(main.line - 1, 0, main.line - 1, 0);
    return [
      new vscode.CodeLens(range, { title: 'Memory Atlas: Show Address Space', command: 'memoryAtlas.showAddressSpace', arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: 'Step Through This File', command: 'memoryAtlas.stepThrough', arguments: [document.uri] }),
    ];
  }
}
