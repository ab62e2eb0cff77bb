import type { Diagnostic, SourceRange } from '../../shared/diagnostics';
import type { SyntaxNode } from './parser';

/** The source range of a node, converted from tree-sitter's 0-based rows and columns. */
export function nodeRange(node: SyntaxNode): SourceRange {
  return {
    startLine: node.startPosition.row + 1,
    startColumn: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

/**
 * Turns tree-sitter's error recovery into messages: a MISSING node is a token the grammar needed
 * ("expected ';'"), an ERROR node is text it could not fit ("unexpected 'foo'").
 * Only the innermost errors are reported, one per line, so one typo gives one squiggle.
 */
export function syntaxDiagnostics(root: SyntaxNode): Diagnostic[] {
  const lines = root.text.split('\n');
  const found: Diagnostic[] = [];
  const seenLines = new Set<number>();
  const visit = (node: SyntaxNode): void => {
    if (!node.hasError && !node.isMissing) return;
    if (node.isMissing) {
      // An unnamed bit-field (`unsigned : 0;`) is valid C that the grammar does not know.
      if (node.type === 'field_identifier' && node.nextSibling?.type === 'bitfield_clause') return;
      report(node, `expected '${node.type}'${describeContext(node)}`);
      return;
    }
    if (node.type === 'ERROR') {
      const before = found.length;
      for (const child of node.children) if (child) visit(child);
      if (found.length === before && endsLineBeforeMoreCode(node, lines)) {
        // The usual cause: a statement whose ';' is missing, so the parser glued the next line on.
        const end = node.endPosition;
        const at = { startLine: end.row + 1, startColumn: end.column, endLine: end.row + 1, endColumn: end.column + 1 };
        if (!seenLines.has(at.startLine)) {
          seenLines.add(at.startLine);
          found.push({ severity: 'error', message: `expected ';' at the end of this line (after '${truncate(lastLeaf(node).text)}')`, range: at, code: 'syntax' });
        }
      } else if (found.length === before) {
        const first = firstLeaf(node);
        report(first, `syntax error: unexpected '${truncate(first.text)}'${describeContext(node)}`);
      }
      return;
    }
    for (const child of node.children) if (child) visit(child);
  };
  const report = (node: SyntaxNode, message: string) => {
    const range = nodeRange(node);
    if (seenLines.has(range.startLine)) return;
    seenLines.add(range.startLine);
    const oneLine = range.endLine === range.startLine ? range : { ...range, endLine: range.startLine, endColumn: range.startColumn + Math.max(1, node.text.split('\n')[0].length) };
    // A zero-width range (missing token) is widened to one column so an editor can underline it.
    const visible = oneLine.endColumn <= oneLine.startColumn ? { ...oneLine, endColumn: oneLine.startColumn + 1 } : oneLine;
    found.push({ severity: 'error', message, range: visible, code: 'syntax' });
  };
  visit(root);
  return found;
}

/** The node is the last thing on its line and code follows on a later line. */
function endsLineBeforeMoreCode(node: SyntaxNode, lines: readonly string[]): boolean {
  const end = node.endPosition;
  const rest = lines[end.row]?.slice(end.column) ?? '';
  const next = node.nextSibling;
  return node.startPosition.row === end.row && /^\s*(\/\/.*)?$/.test(rest) && !!next && next.startPosition.row > end.row
    && !/[;{}]$/.test(node.text.trim());
}

function lastLeaf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.childCount > 0 && n.child(n.childCount - 1)) n = n.child(n.childCount - 1) as SyntaxNode;
  return n;
}

function firstLeaf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.childCount > 0 && n.child(0)) n = n.child(0) as SyntaxNode;
  return n;
}

function describeContext(node: SyntaxNode): string {
  const owner = node.parent;
  if (!owner || owner.type === 'translation_unit') return '';
  const what: Record<string, string> = {
    compound_statement: 'in a block', function_definition: 'in a function definition', declaration: 'in a declaration',
    parameter_list: 'in a parameter list', argument_list: 'in the arguments of a call', field_declaration_list: 'in a struct body',
    expression_statement: 'in an expression', initializer_list: 'in an initializer', for_statement: 'in a for statement',
    if_statement: 'in an if statement', while_statement: 'in a while loop',
  };
  return what[owner.type] ? ` ${what[owner.type]}` : '';
}

function truncate(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 30 ? line.slice(0, 30) + '…' : line;
}
