import type { SyntaxNode } from '../../parser';
import { nodeRange } from '../../syntaxDiagnostics';
import { VOID } from '../../types';
import { type CheckContext, fail, field, followOn, namedChildren, report } from './checkContext';
import type { TExpr, TStmt } from './checkedTree';
import { binary, checkValue } from './checkExpression';
import { rvalue } from './conversions';
import { checkStatement, inBlockScope, statementList } from './checkStatement';

/**
 * GNU C's statement expression `({ int t = f(); t * 2; })` (gcc manual, "Statements and
 * Declarations in Expressions"), which tree-sitter-c parses as a parenthesized compound
 * statement. As gcc has it:
 * - the braces are a block: its declarations end with it, and its objects are the function's
 *   (frame slots like any block's, shown by a debugger while control is inside);
 * - its statements run in order, then the value is that of the last statement if it is an
 *   expression statement (after lvalue conversion: `({ a; })` of an array is a pointer, of a
 *   `const int` an int), and void otherwise;
 * - break, continue and case labels inside belong to the loop or switch around the statement
 *   that holds the expression (a `while` condition's to the loop outside the while), but a
 *   switch may not jump to a case label inside it, nor a goto to a label inside from outside;
 *   a goto out of it, or from one place to another inside it, is fine;
 * - VLAs declared inside are given back when its value has been computed;
 * - it is only allowed inside a function.
 */
export function checkStatementExpression(ctx: CheckContext, node: SyntaxNode, block: SyntaxNode): TExpr {
  const fn = ctx.fn;
  if (!fn) return fail(ctx, node, 'syntax', 'braced-group within expression allowed only inside a function');
  const jumps = fn.jumps ?? { inLoop: false, inSwitch: false };
  const items = namedChildren(block);
  const last = items[items.length - 1];
  // `({ ...; done: e; })`: gcc takes the value of a labelled last expression statement too.
  const labels: SyntaxNode[] = [];
  let lastStatement = last;
  while (lastStatement?.type === 'labeled_statement') {
    labels.push(lastStatement);
    lastStatement = namedChildren(lastStatement).filter((c) => c.type !== 'statement_identifier')[0];
  }
  const valueNode = lastStatement?.type === 'expression_statement' ? namedChildren(lastStatement)[0] : undefined;
  fn.statementExpressions.push(++fn.statementExpressionCount);
  try {
    const { checked, saveStack } = inBlockScope(ctx, block, () => {
      const body: TStmt[] = statementList(ctx, items.slice(0, -1), jumps);
      if (valueNode) {
        body.push(...labels.map((l) => defineLabel(ctx, l)));
        return { body, value: checkValue(ctx, valueNode) };
      }
      // Known only once the statements before it declared their names.
      const product = last ? productParsedAsDeclaration(ctx, last) : undefined;
      if (product) return { body, value: product() };
      if (last) body.push(checkStatement(ctx, last, jumps));
      return { body, value: undefined };
    });
    const { body, value } = checked;
    const range = nodeRange(node);
    const valueRange = lastStatement ? nodeRange(lastStatement) : range;
    // A void last expression (`({ puts("x"); })`) is one more statement, the whole thing void.
    if (value && value.type.kind === 'void') return { node: 'statements', body: [...body, { stmt: 'expr', range: valueRange, expr: value }], saveStack, type: VOID, range };
    return { node: 'statements', body, saveStack, value, valueRange: value ? valueRange : undefined, type: value?.type ?? VOID, range };
  } finally {
    fn.statementExpressions.pop();
  }
}

/** The labels of the value's statement: the function's, like any label (checkStatement's labeled_statement). */
function defineLabel(ctx: CheckContext, node: SyntaxNode): TStmt {
  const fn = ctx.fn!;
  const label = field(node, 'label').text;
  if (fn.labels.has(label)) {
    report(ctx, node, 'label', `duplicate label '${label}'`);
    return { stmt: 'empty' };
  }
  fn.labels.set(label, [...fn.liveVlas]);
  fn.labelStatementExpressions.set(label, [...fn.statementExpressions]);
  return { stmt: 'label', label, body: { stmt: 'empty' } };
}

/**
 * `({ ...; a * b; })`: tree-sitter cannot know that `a` is not a typedef name, and parses the
 * last statement as the declaration of a pointer `b` to `a`. When `a` is an object in scope, C
 * (and gcc) read it as the product it is. Returns the product's checker, or undefined.
 */
function productParsedAsDeclaration(ctx: CheckContext, statement: SyntaxNode): (() => TExpr) | undefined {
  if (statement.type !== 'declaration') return undefined;
  const children = namedChildren(statement);
  const typeNode = statement.childForFieldName('type');
  const declarator = statement.childForFieldName('declarator');
  if (children.length !== 2 || typeNode?.type !== 'type_identifier' || declarator?.type !== 'pointer_declarator') return undefined;
  const right = namedChildren(declarator);
  if (right.length !== 1 || right[0].type !== 'identifier') return undefined;
  const left = ctx.scope.lookup(typeNode.text);
  if (left?.kind !== 'object') return undefined;
  return () => binary(ctx, statement, '*', namedValue(ctx, typeNode), namedValue(ctx, right[0]));
}

/** The value of the object a name designates (the operands of a product parsed as a declaration). */
function namedValue(ctx: CheckContext, node: SyntaxNode): TExpr {
  const binding = ctx.scope.lookup(node.text);
  if (binding?.kind === 'failed') return followOn(`a use of '${node.text}'`);
  if (binding?.kind !== 'object') return fail(ctx, node, 'undeclared', `'${node.text}' undeclared`);
  return rvalue({ node: 'object', storage: binding.storage, name: node.text, type: binding.type, range: nodeRange(node) });
}
