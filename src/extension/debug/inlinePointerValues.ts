import * as vscode from 'vscode';
import { DEBUG_TYPE } from './debugType';

const NAME = /[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*/g;
const MAX_TEXT = 72;

interface PointerTarget {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * Inline values at the ends of lines while paused: where the pointers named on each line up to
 * the current one point ("n → heap, 16-byte block allocated at line 5"). The adapter evaluates the
 * names in the selected frame and answers only for pointers (memoryAtlas.pointerTargets).
 */
export class InlinePointerValues implements vscode.InlineValuesProvider {
  async provideInlineValues(document: vscode.TextDocument, viewPort: vscode.Range, context: vscode.InlineValueContext): Promise<vscode.InlineValue[]> {
    const session = vscode.debug.activeDebugSession;
    if (!session || session.type !== DEBUG_TYPE) return [];
    const last = Math.min(context.stoppedLocation.end.line, viewPort.end.line);
    const names: { name: string; line: number; column: number }[] = [];
    for (let l = viewPort.start.line; l <= last; l++) {
      const text = document.lineAt(l).text.replace(/\/\/.*$/, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
      const seen = new Set<string>();
      for (const m of text.matchAll(NAME)) {
        // `head->next->value`: head and head->next may be pointers even if the whole is not.
        const parts = m[0].replace(/\s+/g, '').split(/(?=->|\.)/);
        for (let k = 1; k <= parts.length; k++) {
          const name = parts.slice(0, k).join('');
          if (seen.has(name)) continue;
          seen.add(name);
          names.push({ name, line: l + 1, column: (m.index ?? 0) + 1 });
        }
      }
    }
    if (!names.length) return [];
    let targets: PointerTarget[];
    try {
      const answer = (await session.customRequest('memoryAtlas.pointerTargets', { frameId: context.frameId, names })) as { values?: PointerTarget[] };
      targets = answer.values ?? [];
    } catch {
      return [];
    }
    const byLine = new Map<number, string[]>();
    for (const t of targets) byLine.set(t.line, [...(byLine.get(t.line) ?? []), t.text.length > MAX_TEXT ? `${t.text.slice(0, MAX_TEXT - 1)}…` : t.text]);
    return [...byLine].map(([line, texts]) => {
      const end = document.lineAt(line - 1).range.end;
      return new vscode.InlineValueText(new vscode.Range(end, end), `  ${texts.join(' · ')}`);
    });
  }
}
