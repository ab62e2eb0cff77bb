/**
 * Extension activation, timed outside VS Code: dist/extension.js (the bundle VS Code loads) is
 * required with a stand-in `vscode` module, then `activate` runs with one C document open, as
 * when VS Code activates the extension on `onLanguage:c`. The stand-in answers every API call
 * with an object that answers every call (events, registrations, configuration), so the figure
 * is the extension's own work: loading its bundle and wiring its pieces. It also says whether
 * activation parsed the open file or loaded tree-sitter's wasm before returning.
 *   node out/test/bench/activationBench.js
 */
import * as path from 'node:path';
import Module = require('node:module');

const ROOT = path.join(__dirname, '..', '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'extension.js');

/** An object every property access and call of which gives another such object. */
function anything(name: string, overrides: Record<string, unknown> = {}): unknown {
  const target = function () { /* callable */ };
  return new Proxy(target, {
    get(_t, p) {
      if (typeof p === 'string' && p in overrides) return overrides[p];
      if (p === 'then') return undefined;
      if (p === Symbol.toPrimitive) return () => name;
      if (p === Symbol.iterator) return function* () { /* empty */ };
      return anything(`${name}.${String(p)}`);
    },
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`) as object,
  });
}

const SOURCE = '#include <stdio.h>\nint counter = 1;\nint main(void) {\n  printf("%d\\n", counter);\n  return 0;\n}\n';

export interface ActivationResult {
  readonly requireMs: number;
  readonly activateMs: number;
  readonly totalMs: number;
  /** Parses (getText calls on the open document) done before activate returned. */
  readonly readsDuringActivation: number;
  readonly wasmLoadedDuringActivation: boolean;
}

export function measureActivation(): ActivationResult {
  let reads = 0;
  const document = {
    languageId: 'c', version: 1, isClosed: false, fileName: '/tmp/bench.c',
    uri: anything('uri', { fsPath: '/tmp/bench.c', scheme: 'file', toString: () => 'file:///tmp/bench.c' }),
    getText: () => { reads++; return SOURCE; },
    lineCount: SOURCE.split('\n').length,
  };
  const vscode = anything('vscode', {
    workspace: anything('workspace', { textDocuments: [document] }),
    window: anything('window', { activeTextEditor: { document }, visibleTextEditors: [{ document }] }),
  });
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: unknown })._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? vscode : load(request, ...rest));
  const wasmBefore = wasmInstances();
  const t0 = process.hrtime.bigint();
  const extension = require(BUNDLE) as { activate(context: unknown): unknown };
  const t1 = process.hrtime.bigint();
  extension.activate({ subscriptions: [], extensionUri: anything('extensionUri'), globalState: anything('globalState'), workspaceState: anything('workspaceState') });
  const t2 = process.hrtime.bigint();
  const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
  return {
    requireMs: ms(t0, t1), activateMs: ms(t1, t2), totalMs: ms(t0, t2),
    readsDuringActivation: reads, wasmLoadedDuringActivation: wasmInstances() > wasmBefore,
  };
}

/** WebAssembly modules compiled so far (tree-sitter's), counted by wrapping the compile calls. */
let compiled = 0;
for (const name of ['compile', 'instantiate'] as const) {
  const original = (globalThis as any).WebAssembly[name] as (...args: unknown[]) => Promise<unknown>;
  (globalThis as any).WebAssembly[name] = (...args: unknown[]) => { compiled++; return original.apply((globalThis as any).WebAssembly, args); };
}
function wasmInstances(): number {
  return compiled;
}

if (require.main === module) console.log(JSON.stringify(measureActivation()));
