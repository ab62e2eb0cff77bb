import type { CParser } from '../../../src/lang/c/parser';

/** One node of a C file's tree-sitter tree, flattened: what the mutations choose among. */
export interface CNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly parentType: string;
  /** The field name the node fills in its parent ('left', 'argument', 'body'...), if any. */
  readonly field: string | null;
  /** Start of the function definition that holds it (-1 at file level). */
  readonly fn: number;
  /** The node's index in the list, and its parent's. */
  readonly index: number;
  readonly parent: number;
}

/**
 * Every named node of `text`, in document order, found with a cursor (no recursion: mutants may be
 * nested deeply on purpose). tree-sitter keeps going through syntax errors, so a damaged file
 * still has nodes to mutate.
 */
export function cSyntaxNodes(parser: CParser, text: string): CNode[] {
  const tree = parser.parse(text);
  const cursor = tree.rootNode.walk();
  const nodes: CNode[] = [];
  const parents: number[] = [-1];
  const functions: number[] = [-1];
  try {
    for (;;) {
      const parent = parents[parents.length - 1];
      const index = nodes.length;
      const type = cursor.nodeType;
      if (cursor.nodeIsNamed) {
        nodes.push({
          type, start: cursor.startIndex, end: cursor.endIndex, text: cursor.nodeText,
          parentType: parent >= 0 ? nodes[parent].type : '', field: cursor.currentFieldName,
          fn: functions[functions.length - 1], index, parent,
        });
      }
      const named = cursor.nodeIsNamed;
      const start = cursor.startIndex;
      if (cursor.gotoFirstChild()) {
        parents.push(named ? index : parent);
        functions.push(type === 'function_definition' ? start : functions[functions.length - 1]);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return nodes;
        parents.pop();
        functions.pop();
      }
    }
  } finally {
    cursor.delete();
    tree.delete();
  }
}
