import type { TExpr } from '../check/checkedTree';
import { type Compiled, Op } from './instructions';
import { type LowerContext, lowerValue, readTemp } from './lowerExpression';
import { emitStackRestore, emitStackSave } from './lowerStackAllocation';

/**
 * A statement expression in the instruction list: its statements are lowered where the
 * expression is evaluated, as the function's own statements (their Stmt markers are places a
 * step stops; their labels are the function's, their break and continue go to the loop around the
 * statement holding the expression), then its value is computed into a temporary, which the
 * enclosing expression reads. A block with VLAs saves rsp first and restores it after the value.
 * With `discard` (an expression statement `({ ...; });`) the value is evaluated for its effects only.
 */
export function lowerStatementExpression(cx: LowerContext, e: Extract<TExpr, { node: 'statements' }>, discard = false): Compiled {
  const statements = cx.statements;
  if (!statements) throw new Error('internal: a statement expression outside a function body');
  const line = cx.line;
  const saved = e.saveStack ? emitStackSave(cx) : undefined;
  if (saved !== undefined) cx.vlaScopes.push(saved);
  for (const s of e.body) statements.statement(s);
  let result: Compiled = () => undefined;
  if (e.value) {
    statements.mark(e.valueRange ?? e.range);
    if (discard) statements.effect(e.value);
    else {
      const t = cx.temps++;
      cx.code.push({ op: Op.Set, temp: t, run: lowerValue(cx, e.value) });
      result = readTemp(cx, t);
    }
  }
  if (saved !== undefined) {
    cx.vlaScopes.pop();
    emitStackRestore(cx, saved);
  }
  // The rest of the enclosing expression (a call after it) is on the enclosing statement's line.
  cx.line = line;
  return result;
}
