import type { TextEdit } from '../mutator';
import type { Random } from '../random';
import { deleteOne, lineOf, swapInBlock, swapInFunction } from '../statementMutations';
import type { CNode } from './cSyntaxNodes';

/** A mutation of a C file: the edits it makes and a line saying what it did, or undefined when it has nothing to work on. */
export type CMutation = (nodes: readonly CNode[], random: Random, text: string) => { edits: TextEdit[]; what: string } | undefined;

const isStatement = (n: CNode) => n.parentType === 'compound_statement' && (n.type.endsWith('_statement') || n.type === 'declaration');
const isExpression = (n: CNode) => n.type.endsWith('_expression') || n.type === 'identifier' || n.type === 'number_literal';
const isFreeCall = (n: CNode) => n.type === 'expression_statement' && /^\s*free\s*\(/.test(n.text);

/** Statements of one block, swapped: an order the author did not intend (use before init, free before use). */
const swapStatements: CMutation = (nodes, random, text) =>
  swapInBlock(nodes.filter((n) => n.type === 'compound_statement').map((b) => nodes.filter((s) => s.parent === b.index && isStatement(s))).filter((ss) => ss.length >= 2), random, text);

const deleteStatement: CMutation = (nodes, random, text) => deleteOne(nodes.filter(isStatement), random, text);

const duplicateStatement: CMutation = (nodes, random, text) => {
  const statements = nodes.filter((n) => isStatement(n) && n.type !== 'declaration');
  if (!statements.length) return undefined;
  const s = random.pick(statements);
  return { edits: [{ start: s.end, end: s.end, text: ` ${s.text}` }], what: `duplicated the statement of line ${lineOf(text, s.start)}` };
};

/** Two expressions of the same kind in one function, exchanged. */
const swapExpressions: CMutation = (nodes, random, text) =>
  swapInFunction(nodes.filter((n) => isExpression(n) && n.fn >= 0 && n.field !== 'declarator' && n.field !== 'function'), random, text);

/** An operator and one operand gone (`a + b` becomes `a`), or an argument dropped. */
const deleteExpression: CMutation = (nodes, random, text) => {
  const binaries = nodes.filter((n) => n.type === 'binary_expression' || n.type === 'argument_list');
  if (!binaries.length) return undefined;
  const n = random.pick(binaries);
  const children = nodes.filter((c) => c.parent === n.index);
  if (!children.length) return undefined;
  if (n.type === 'binary_expression') {
    const keep = random.pick(children);
    return { edits: [{ start: n.start, end: n.end, text: keep.text }], what: `'${n.text.slice(0, 40)}' became '${keep.text.slice(0, 40)}' (line ${lineOf(text, n.start)})` };
  }
  const drop = random.pick(children);
  const rest = children.filter((c) => c !== drop).map((c) => c.text).join(', ');
  return { edits: [{ start: n.start, end: n.end, text: `(${rest})` }], what: `dropped the argument '${drop.text.slice(0, 30)}' (line ${lineOf(text, n.start)})` };
};

/** One operand used twice (`a - b` becomes `a - a`), or an argument given twice. */
const duplicateExpression: CMutation = (nodes, random, text) => {
  const binaries = nodes.filter((n) => n.type === 'binary_expression' || n.type === 'argument_list');
  if (!binaries.length) return undefined;
  const n = random.pick(binaries);
  const children = nodes.filter((c) => c.parent === n.index);
  if (!children.length) return undefined;
  const a = random.pick(children);
  if (n.type === 'argument_list') return { edits: [{ start: a.end, end: a.end, text: `, ${a.text}` }], what: `passed '${a.text.slice(0, 30)}' twice (line ${lineOf(text, n.start)})` };
  const b = children.find((c) => c !== a);
  if (!b) return undefined;
  return { edits: [{ start: b.start, end: b.end, text: a.text }], what: `'${b.text.slice(0, 30)}' became '${a.text.slice(0, 30)}' (line ${lineOf(text, n.start)})` };
};

/** A size, an index or a loop bound changed to a nearby or an extreme value. */
const changeConstant: CMutation = (nodes, random, text) => {
  const numbers = nodes.filter((n) => n.type === 'number_literal' && n.fn >= 0);
  if (!numbers.length) return undefined;
  const n = random.pick(numbers);
  const v = Number(n.text.replace(/[uUlL]+$/, ''));
  const value = Number.isFinite(v) ? v : 1;
  const choices = [0, 1, -1, value + 1, value - 1, value * 2, value * 16, 255, 256, 4096, 1 << 20, 2147483647, -2147483648, 1e9];
  const next = String(Math.trunc(random.pick(choices)));
  return { edits: [{ start: n.start, end: n.end, text: next.startsWith('-') ? `(${next})` : next }], what: `the constant ${n.text} became ${next} (line ${lineOf(text, n.start)})` };
};

/** `<` and `<=`, `==` and `!=`...: the off-by-one and the inverted test. */
const flipComparison: CMutation = (nodes, random, text) => {
  const flips: Record<string, string[]> = { '<': ['<=', '>'], '<=': ['<', '>='], '>': ['>=', '<'], '>=': ['>', '<='], '==': ['!='], '!=': ['=='] };
  const comparisons = nodes.filter((n) => n.type === 'binary_expression').map((n) => {
    const left = nodes.find((c) => c.parent === n.index && c.field === 'left');
    const right = nodes.find((c) => c.parent === n.index && c.field === 'right');
    if (!left || !right) return undefined;
    const op = text.slice(left.end, right.start).trim();
    return flips[op] ? { n, op, at: text.indexOf(op, left.end) } : undefined;
  }).filter((x): x is { n: CNode; op: string; at: number } => x !== undefined);
  if (!comparisons.length) return undefined;
  const c = random.pick(comparisons);
  const to = random.pick(flips[c.op]);
  return { edits: [{ start: c.at, end: c.at + c.op.length, text: to }], what: `'${c.op}' became '${to}' (line ${lineOf(text, c.at)})` };
};

/** A free removed: a leak. */
const dropFree: CMutation = (nodes, random, text) => {
  const frees = nodes.filter(isFreeCall);
  if (!frees.length) return undefined;
  const f = random.pick(frees);
  return { edits: [{ start: f.start, end: f.end, text: '' }], what: `dropped '${f.text}' (line ${lineOf(text, f.start)})` };
};

/** A free made twice: a double free, or one in a loop body freeing every time round. */
const doubleFree: CMutation = (nodes, random, text) => {
  const frees = nodes.filter(isFreeCall);
  if (!frees.length) return undefined;
  const f = random.pick(frees);
  return { edits: [{ start: f.end, end: f.end, text: ` ${f.text}` }], what: `freed twice: '${f.text}' (line ${lineOf(text, f.start)})` };
};

/** A pointer aimed elsewhere: another variable, a neighbour, one past it, NULL; or free given another pointer. */
const retargetPointer: CMutation = (nodes, random, text) => {
  const assignments = nodes.filter((n) => (n.type === 'assignment_expression' || n.type === 'init_declarator' || n.type === 'call_expression') && n.fn >= 0);
  if (!assignments.length) return undefined;
  const a = random.pick(assignments);
  const targets = a.type === 'call_expression'
    ? nodes.filter((c) => c.parent >= 0 && nodes[c.parent].parent === a.index && nodes[c.parent].type === 'argument_list')
    : nodes.filter((c) => c.parent === a.index && (c.field === 'right' || c.field === 'value'));
  if (!targets.length) return undefined;
  const target = random.pick(targets);
  const names = [...new Set(nodes.filter((n) => n.fn === a.fn && (n.type === 'identifier' || n.type === 'field_expression') && n.field !== 'declarator' && n.field !== 'function').map((n) => n.text))];
  const choices = [...names.map((x) => x), 'NULL', `${target.text} + 1`, `${target.text} - 1`, `&${names.length ? random.pick(names) : 'errno'}`];
  const to = random.pick(choices);
  return { edits: [{ start: target.start, end: target.end, text: to.includes(' ') ? `(${to})` : to }], what: `'${target.text.slice(0, 30)}' became '${to.slice(0, 30)}' (line ${lineOf(text, target.start)})` };
};

export const C_MUTATIONS = {
  swapStatements, deleteStatement, duplicateStatement, swapExpressions, deleteExpression, duplicateExpression,
  changeConstant, flipComparison, dropFree, doubleFree, retargetPointer,
} satisfies Record<string, CMutation>;

export type CMutationName = keyof typeof C_MUTATIONS;

/** How often each is chosen: the memory-related ones more often, since they are what the product is about. */
export const C_MUTATION_WEIGHTS: Record<CMutationName | 'noise', number> = {
  swapStatements: 8, deleteStatement: 10, duplicateStatement: 8, swapExpressions: 8, deleteExpression: 6, duplicateExpression: 5,
  changeConstant: 14, flipComparison: 8, dropFree: 8, doubleFree: 6, retargetPointer: 12, noise: 7,
};
