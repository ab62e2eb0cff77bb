import type * as acorn from 'acorn';
import type { Interp } from '../interp/interp';
import type { Frame } from '../interp/frames';
import type { Eval } from '../interp/values';
import { call } from '../interp/calls';
import { declareBlock, evalStatements } from '../interp/statements';
import { hasUseStrict, varNames } from '../interp/analysis';
import { ownProperty } from '../interp/objectModel';

/**
 * The whole run as one evaluator: the script's top level (a CommonJS module's body: `this` is
 * module.exports, var and function declarations are the module's, not the global object's),
 * then node's event loop until no timer, immediate or job is left.
 */
export function* runScript(it: Interp, program: acorn.Program): Eval<void> {
  const scope = it.globalScope;
  it.strict = hasUseStrict(program.body);
  const exports = it.moduleObject ? ownProperty(it.moduleObject, 'exports')?.value : undefined;
  scope.thisBinding = { value: exports, initialized: true };
  const frame: Frame = { name: '', fn: undefined, scope, current: scope, statement: undefined, thisValue: () => exports, temps: [] };
  for (const name of varNames(program)) if (!scope.vars.has(name)) scope.vars.set(name, { value: undefined, kind: 'var', initialized: true });
  it.frames.push(frame);
  try {
    declareBlock(it, program, program.body, scope);
    yield* evalStatements(it, program.body, scope);
  } finally {
    it.frames.pop();
  }
  it.current = undefined;
  yield* it.loop.run(function* (t) {
    yield* call(it, t.callback, t.handle, t.args);
  });
}
