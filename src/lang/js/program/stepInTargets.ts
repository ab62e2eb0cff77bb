import type * as acorn from 'acorn';
import type { StepInTarget } from '../../../engine/program/steppableProgram';
import type { Interp } from '../interp/interp';
import { children } from '../interp/analysis';
import { sourceOf } from '../interp/evaluate';

/**
 * The calls a statement makes, in the order it makes them (arguments before the call that
 * takes them), not looking into the functions it defines: what "Step Into Target" offers.
 */
export function stepInTargetsOf(it: Interp, statement: acorn.Node): StepInTarget[] {
  const out: StepInTarget[] = [];
  const visit = (n: acorn.Node) => {
    if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody') return;
    for (const c of children(n)) visit(c);
    if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      const callee = (n as acorn.CallExpression).callee;
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : undefined;
      if (name) out.push({ label: sourceOf(it, n), functionName: name, line: n.loc!.start.line });
    }
  };
  visit(statement);
  return out;
}
