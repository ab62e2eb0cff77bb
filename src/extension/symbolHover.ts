import * as vscode from 'vscode';
import type { ImageSnapshot, SymbolInfo } from '../shared/imageSnapshot';
import { SECTION_MEANING, describeSymbol } from '../shared/explain';
import { type ProgramImages, isCDocument } from './programImages';

/**
 * Hovering a global, a static local or a function shows where it lives in the process: address,
 * size, section and what that section is. The hover reads the cached process image.
 */
export class SymbolHoverProvider implements vscode.HoverProvider {
  constructor(private readonly images: ProgramImages) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isCDocument(document)) return undefined;
    const wordRange = document.getWordRangeAtPosition(position, /[A-Za-z_]\w*/);
    if (!wordRange) return undefined;
    const snapshot = await this.images.imageOf(document);
    const symbol = symbolForName(snapshot, document.getText(wordRange), position.line + 1);
    if (!symbol) return undefined;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${symbol.sourceName}** \`${symbol.type}\`\n\n`);
    md.appendMarkdown(`${describeSymbol(symbol)}\n\n`);
    md.appendMarkdown(`*${symbol.section}*: ${SECTION_MEANING[symbol.section]}`);
    if (symbol.sizeIsEstimate) md.appendMarkdown('\n\n_Size estimated from the source: Memory Atlas simulates the program, it never compiles it._');
    return new vscode.Hover(md, wordRange);
  }
}

/**
 * The symbol a name refers to at a line: a static local of the function that contains the line
 * wins over a global of the same name (C's block scope), otherwise the global or function.
 */
export function symbolForName(snapshot: ImageSnapshot, name: string, line: number): SymbolInfo | undefined {
  const functions = snapshot.symbols.filter((s) => s.kind === 'function').sort((a, b) => a.line - b.line);
  const enclosing = [...functions].reverse().find((f) => f.line <= line)?.sourceName;
  const candidates = snapshot.symbols.filter((s) => s.sourceName === name && s.kind !== 'string-literal');
  return candidates.find((s) => s.kind === 'static-local' && s.function === enclosing)
    ?? candidates.find((s) => s.kind !== 'static-local');
}
