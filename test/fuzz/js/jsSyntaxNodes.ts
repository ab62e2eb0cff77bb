import * as acorn from 'acorn';

/** One node of acorn's tree, flattened: what the mutations choose from. */
export interface JsNode {
  readonly index: number;
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The parent's index (-1 for the Program), its type, and the key this node hangs from. */
  readonly parent: number;
  readonly parentType: string;
  readonly field: string;
  /** True when it is one element of a list (a block's body, an argument list, an array literal). */
  readonly inList: boolean;
  /** The innermost function (or the Program, -1) it belongs to. */
  readonly fn: number;
  /** For a Literal: its value. */
  readonly value?: unknown;
  /** For an Identifier: its name. */
  readonly name?: string;
}

const isNode = (x: unknown): x is acorn.Node => typeof x === 'object' && x !== null && typeof (x as acorn.Node).type === 'string' && typeof (x as acorn.Node).start === 'number';
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * acorn's tree of `text` in pre-order, or an empty list when it does not parse (noise may have
 * broken it: then only more noise applies). The walk is iterative, so a deeply nested mutant
 * does not overflow the fuzzer's own stack.
 */
export function jsSyntaxNodes(text: string): JsNode[] {
  let program: acorn.Program;
  try {
    program = acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, allowReturnOutsideFunction: true });
  } catch {
    return [];
  }
  const out: JsNode[] = [];
  const stack: Array<{ node: acorn.Node; parent: number; field: string; inList: boolean; fn: number }> = [{ node: program, parent: -1, field: '', inList: false, fn: -1 }];
  while (stack.length) {
    const { node, parent, field, inList, fn } = stack.pop()!;
    const index = out.length;
    const n = node as acorn.Node & { value?: unknown; name?: string };
    out.push({
      index, type: node.type, start: node.start, end: node.end, text: text.slice(node.start, node.end), parent, parentType: parent >= 0 ? out[parent].type : '', field, inList, fn,
      ...(node.type === 'Literal' ? { value: n.value } : {}), ...(node.type === 'Identifier' ? { name: n.name } : {}),
    });
    const innerFn = FUNCTIONS.has(node.type) ? index : fn;
    const kids: typeof stack = [];
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'range') continue;
      const v = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) for (const x of v) { if (isNode(x)) kids.push({ node: x, parent: index, field: key, inList: true, fn: innerFn }); }
      else if (isNode(v)) kids.push({ node: v, parent: index, field: key, inList: false, fn: innerFn });
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}
