/**
 * C's binary operators by precedence (C11 6.5.5-6.5.14, all left-associative), for the places
 * that re-read a chain tree-sitter parsed around a cast it took for an operand (`(T)-x`).
 */
export const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '*': 10, '/': 10, '%': 10, '+': 9, '-': 9, '<<': 8, '>>': 8, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '==': 6, '!=': 6, '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

/** Flattens `a op b op c ...` into operands and operators in source order. */
export function flattenBinaryChain<N extends { type: string; childForFieldName(name: string): N | null }>(node: N): { operands: N[]; operators: string[] } {
  const operands: N[] = [];
  const operators: string[] = [];
  const flatten = (n: N): void => {
    if (n.type !== 'binary_expression') {
      operands.push(n);
      return;
    }
    flatten(n.childForFieldName('left') as N);
    operators.push((n.childForFieldName('operator') as N & { text: string }).text);
    flatten(n.childForFieldName('right') as N);
  };
  flatten(node);
  return { operands, operators };
}

/** Applies the operators again by precedence over values[0] operators[0] values[1] ... */
export function climbPrecedence<V>(values: readonly V[], operators: readonly string[], operate: (op: string, left: V, right: V) => V): V {
  let at = 0;
  const parseFrom = (first: V, minimum: number): V => {
    let left = first;
    while (at < operators.length && BINARY_PRECEDENCE[operators[at]] >= minimum) {
      const op = operators[at++];
      let right = values[at];
      while (at < operators.length && BINARY_PRECEDENCE[operators[at]] > BINARY_PRECEDENCE[op]) right = parseFrom(right, BINARY_PRECEDENCE[op] + 1);
      left = operate(op, left, right);
    }
    return left;
  };
  return parseFrom(values[0], 0);
}
