import type { ProgramDescription } from '../../engine/image/programObjects';
import { type Diagnostic, hasErrors } from '../../shared/diagnostics';
import { checkSourceText } from '../sourceText';
import { placeAttributes } from './attributes/placeAttributes';
import { nestingTooDeep } from './nestingLimit';
import { TypeResolver } from './declarations';
import type { CParser } from './parser';
import { preprocess } from './preprocess';
import { collectStaticStorage } from './staticStorage';
import { syntaxDiagnostics } from './syntaxDiagnostics';

/**
 * The C front end's entry point for a whole file: preprocess, parse with tree-sitter, report
 * syntax errors, resolve declarations and find every object with static storage. The result
 * feeds `buildProcessImage`; diagnostics feed the editor, the CLI and the panel.
 * A file with errors still yields whatever could be understood, so views can show partial results.
 */
export interface AnalyzedProgram {
  readonly program: ProgramDescription;
  readonly diagnostics: readonly Diagnostic[];
}

export function analyzeProgram(parser: CParser, source: string, path: string): AnalyzedProgram {
  const unusable = (diagnostics: readonly Diagnostic[]): AnalyzedProgram => ({ program: { path: programPathFor(path), objects: [], importedFunctions: [] }, diagnostics });
  const input = checkSourceText(source);
  if (hasErrors(input.diagnostics)) return unusable(input.diagnostics);
  const pre = preprocess(input.text, path);
  const diagnostics: Diagnostic[] = [...pre.diagnostics];
  const tree = parser.parse(pre.text);
  try {
    const deep = nestingTooDeep(tree.rootNode);
    if (deep) return unusable([...diagnostics, deep]);
    diagnostics.push(...syntaxDiagnostics(tree.rootNode));
    const types = new TypeResolver(diagnostics);
    types.attributes = placeAttributes(tree.rootNode, pre.attributes, diagnostics);
    for (const [tag, members] of pre.records) types.defineHeaderRecord(tag, members);
    for (const [name, spelled] of pre.typedefs) types.defineHeaderTypedef(name, spelled);
    const storage = collectStaticStorage(tree.rootNode, types, diagnostics);
    if (!storage.objects.some((o) => o.kind === 'function' && o.name === 'main') && !diagnostics.some((d) => d.severity === 'error')) {
      diagnostics.push({
        severity: 'warning', code: 'no-main',
        message: "this file defines no 'main' function, so it cannot run as a program; its globals are still laid out",
        range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      });
    }
    return {
      program: { path: programPathFor(path), objects: storage.objects, importedFunctions: storage.importedFunctions },
      diagnostics: diagnostics.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn),
    };
  } finally {
    tree.delete();
  }
}

/** The executable's path: the file name without `.c`, in the student's home, as a shell would run it. */
export function programPathFor(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? 'program.c';
  return `/home/student/${base.replace(/\.c$/i, '') || 'a.out'}`;
}
