import type * as acorn from 'acorn';
import { children } from '../interp/analysis';

/**
 * The nodes the interpreter stops before (see statements.ts): statements other than blocks,
 * declarations of functions, labels and `try`; a loop's test and update and for-of's binding;
 * an arrow function's expression body. Their lines are where breakpoints can go.
 */
export function stepNodes(program: acorn.Program): acorn.Node[] {
  const out: acorn.Node[] = [];
  const stack: acorn.Node[] = [program];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'Program':
      case 'BlockStatement':
      case 'StaticBlock':
      case 'FunctionDeclaration':
      case 'EmptyStatement':
      case 'LabeledStatement':
      case 'TryStatement':
      case 'CatchClause':
      case 'SwitchCase':
        break;
      case 'ForStatement': {
        const f = n as acorn.ForStatement;
        for (const part of [f.init, f.test, f.update]) if (part) out.push(part);
        break;
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
        out.push((n as acorn.WhileStatement).test);
        break;
      case 'ForOfStatement':
      case 'ForInStatement':
        out.push((n as acorn.ForOfStatement).right, (n as acorn.ForOfStatement).left);
        break;
      case 'SwitchStatement':
        out.push((n as acorn.SwitchStatement).discriminant);
        break;
      case 'ArrowFunctionExpression': {
        const a = n as acorn.ArrowFunctionExpression;
        if (a.body.type !== 'BlockStatement') out.push(a.body);
        break;
      }
      default:
        if (/Statement$|Declaration$/.test(n.type)) out.push(n);
        break;
    }
    stack.push(...children(n));
  }
  return out;
}
