import type { Diagnostic } from '../../../shared/diagnostics';
import { hasErrors } from '../../../shared/diagnostics';
import type { ProgramDescription } from '../../../engine/image/programObjects';
import { buildProcessImage } from '../../../engine/image/processImage';
import { placeAttributes } from '../attributes/placeAttributes';
import { TypeResolver } from '../declarations';
import type { CParser } from '../parser';
import { preprocess } from '../preprocess';
import { collectStaticStorage } from '../staticStorage';
import { syntaxDiagnostics } from '../syntaxDiagnostics';
import { nestingTooDeep } from '../nestingLimit';
import { programPathFor } from '../analyzeProgram';
import { checkSourceText } from '../../sourceText';
import { type LibraryFunction, libraryFunctions } from './builtins/libraryTable';
import { type CheckedProgram, checkProgram } from './check/checkProgram';
import { type LinkedImports, linkedImports } from './check/linkedImports';
import { copiedVariableObject } from './check/copiedVariables';

/** A C file made ready to run: its image description and its checked functions. */
export interface CompiledProgram {
  /** The file name as given (what __FILE__ and assert print). */
  readonly source: string;
  readonly description: ProgramDescription;
  readonly diagnostics: readonly Diagnostic[];
  /** Undefined when the file has errors (it cannot run). */
  readonly checked?: CheckedProgram;
  readonly library: ReadonlyMap<string, LibraryFunction>;
  /** The file-scope typedefs, tags and enum constants (what a debugger's casts and expressions name). */
  readonly types?: TypeResolver;
}

/** Diagnostic codes the static-storage pass reports that the checker does not repeat. */
const STORAGE_CODES = new Set(['not-constant', 'redefinition']);

/**
 * Preprocess, parse, lay out static storage as gcc does (the image), then check every function
 * against that image. The static-storage pass has its own type resolver so that its file-level
 * view of block-scoped names cannot produce diagnostics the block-scoped checker would not.
 */
export function compileProgram(parser: CParser, text: string, source: string): CompiledProgram {
  const library = libraryFunctions(parser);
  const unusable = (diagnostics: readonly Diagnostic[]): CompiledProgram => ({
    source, description: { path: programPathFor(source), objects: [], importedFunctions: [] }, diagnostics, library,
  });
  const input = checkSourceText(text);
  if (hasErrors(input.diagnostics)) return unusable(input.diagnostics);
  const pre = preprocess(input.text, source);
  const diagnostics: Diagnostic[] = [...pre.diagnostics];
  const tree = parser.parse(pre.text);
  try {
    const deep = nestingTooDeep(tree.rootNode);
    if (deep) return unusable(sorted([...diagnostics, deep]));
    diagnostics.push(...syntaxDiagnostics(tree.rootNode));
    const attributes = placeAttributes(tree.rootNode, pre.attributes, diagnostics);
    const storageTypes = new TypeResolver([]);
    storageTypes.attributes = attributes;
    for (const [tag, members] of pre.records) storageTypes.defineHeaderRecord(tag, members);
    for (const [name, spelled] of pre.typedefs) storageTypes.defineHeaderTypedef(name, spelled);
    const storageDiagnostics: Diagnostic[] = [];
    const storage = collectStaticStorage(tree.rootNode, storageTypes, storageDiagnostics);
    diagnostics.push(...storageDiagnostics.filter((d) => STORAGE_CODES.has(d.code)), ...storageTypes.diagnostics.filter((d) => STORAGE_CODES.has(d.code)));
    let description: ProgramDescription = {
      path: programPathFor(source),
      objects: storage.objects,
      importedFunctions: storage.importedFunctions,
    };
    if (hasErrors(diagnostics)) return { source, description, diagnostics: sorted(diagnostics), library };
    const check = (image: ProgramDescription) => {
      const checkDiagnostics = [...diagnostics];
      const types = new TypeResolver(checkDiagnostics);
      types.attributes = attributes;
      for (const [tag, members] of pre.records) types.defineHeaderRecord(tag, members);
      for (const [name, spelled] of pre.typedefs) types.defineHeaderTypedef(name, spelled);
      return { types, diagnostics: checkDiagnostics, checked: checkProgram(tree.rootNode, types, buildProcessImage(image), library, checkDiagnostics) };
    };
    // Which library calls survive gcc's folding is known only from the checked (typed) program;
    // the first check uses the names the source calls, and a second one the image gcc would link
    // when the two differ (every address after .got.plt moves with the number of imports).
    // Likewise the string literals that only a `_Generic` association it did not select has.
    let result = check(description);
    if (!hasErrors(result.diagnostics)) {
      const pruned = withoutLiterals(description, result.checked.unusedLiterals);
      const linked = linkedDescription(pruned ?? description, linkedImports(result.checked)) ?? pruned;
      if (linked) {
        description = linked;
        result = check(description);
      }
    }
    const { types, checked } = result;
    const all = result.diagnostics;
    if (!checked.functions.has('main') && !hasErrors(all)) {
      all.push({ severity: 'error', code: 'no-main', message: "this file defines no 'main' function, so it cannot run", range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } });
    }
    return { source, description, diagnostics: sorted(all), checked: hasErrors(all) ? undefined : checked, library, types };
  } finally {
    tree.delete();
  }
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics
    .filter((d) => {
      const key = `${d.range.startLine}:${d.range.startColumn}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);
}

/** The description without the named string literals, the others renumbered (.LC0, .LC1, ... as gcc labels them); undefined when none goes. */
function withoutLiterals(description: ProgramDescription, names: readonly string[]): ProgramDescription | undefined {
  if (names.length === 0) return undefined;
  const gone = new Set(names);
  let next = 0;
  const objects = description.objects
    .filter((o) => o.kind !== 'string-literal' || !gone.has(o.name))
    .map((o) => (o.kind === 'string-literal' ? { ...o, name: `.LC${next++}` } : o));
  return { ...description, objects };
}

/** The description with gcc's imports and copied libc variables, or undefined if nothing changes. */
function linkedDescription(description: ProgramDescription, linked: LinkedImports): ProgramDescription | undefined {
  const sameFunctions = linked.functions.join() === description.importedFunctions.join();
  if (sameFunctions && linked.copied.length === 0) return undefined;
  return {
    ...description,
    importedFunctions: linked.functions,
    objects: [...description.objects.filter((o) => o.section !== 'dynbss'), ...linked.copied.map(copiedVariableObject)],
  };
}
