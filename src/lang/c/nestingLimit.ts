import type { Diagnostic } from '../../shared/diagnostics';
import type { SyntaxNode } from './parser';
import { nodeRange } from './syntaxDiagnostics';

/**
 * How deep the syntax tree of a file may be. The checker, the lowering and the evaluator recurse
 * over the tree, and the JavaScript stack they share holds about a thousand levels of the deepest
 * of them (subscripts and blocks); half of that leaves room for the caller (the editor, a test
 * runner). It is far more than people write: clang's own bracket limit is 256 by default. gcc
 * accepts deeper nesting, so the diagnostic names the limit as Memory Atlas's.
 */
export const MAX_SYNTAX_DEPTH = 500;

/**
 * The node where the tree first grows deeper than `limit`, found without recursion (a cursor
 * walk), as a diagnostic; undefined when the whole tree is shallow enough.
 */
export function nestingTooDeep(root: SyntaxNode, limit = MAX_SYNTAX_DEPTH): Diagnostic | undefined {
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      if (depth > limit) {
        const here = cursor.currentNode;
        const node = here.isNamed ? here : here.parent ?? here;
        const range = nodeRange(node);
        return {
          severity: 'error',
          code: 'too-deep',
          message: `this ${describe(node.type)} is nested more than ${limit} levels deep, more than Memory Atlas follows (gcc accepts it): split it up, e.g. with a helper variable or function`,
          range: { ...range, endLine: range.startLine, endColumn: range.endLine === range.startLine ? range.endColumn : range.startColumn + 1 },
        };
      }
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

function describe(type: string): string {
  if (type.endsWith('_expression') || type === 'argument_list') return 'expression';
  if (type.endsWith('_statement') || type === 'else_clause') return 'statement';
  if (type.endsWith('_declarator')) return 'declarator';
  if (type === 'initializer_list') return 'initializer';
  return 'code';
}
