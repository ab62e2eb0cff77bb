import type { TextEdit } from '../mutator';
import type { Random } from '../random';
import { deleteOne, lineOf, swapInBlock, swapInFunction } from '../statementMutations';
import type { JsNode } from './jsSyntaxNodes';

/** A mutation of a JavaScript file: the edits it makes and a line saying what it did, or undefined when it has nothing to work on. */
export type JsMutation = (nodes: readonly JsNode[], random: Random, text: string) => { edits: TextEdit[]; what: string } | undefined;

const BLOCKS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase']);
const isStatement = (n: JsNode) => n.inList && BLOCKS.has(n.parentType) && (n.field === 'body' || n.field === 'consequent');
const isExpression = (n: JsNode) => n.type.endsWith('Expression') || n.type === 'Identifier' || n.type === 'Literal' || n.type === 'TemplateLiteral';
/** Not a name being declared, a property key or a label: retargeting those only makes syntax errors. */
const isReference = (n: JsNode, text: string) => n.type === 'Identifier' && !['id', 'key', 'label', 'params', 'meta'].includes(n.field) && !(n.field === 'property' && /\.\s*$/.test(text.slice(Math.max(0, n.start - 16), n.start)));
const short = (s: string) => s.replace(/\s+/g, ' ').slice(0, 40);
const children = (nodes: readonly JsNode[], parent: JsNode, field?: string) => nodes.filter((c) => c.parent === parent.index && (field === undefined || c.field === field));

/** Statements of one block swapped: a use before its declaration (the TDZ), a call before the setup it needs. */
const swapStatements: JsMutation = (nodes, random, text) =>
  swapInBlock(nodes.filter((n) => BLOCKS.has(n.type)).map((b) => nodes.filter((s) => s.parent === b.index && isStatement(s))).filter((ss) => ss.length >= 2), random, text);

const deleteStatement: JsMutation = (nodes, random, text) => deleteOne(nodes.filter(isStatement), random, text);

/** A statement done twice: a declaration twice is a SyntaxError, a loop or a push twice is more work and more heap. */
const duplicateStatement: JsMutation = (nodes, random, text) => {
  const statements = nodes.filter(isStatement);
  if (!statements.length) return undefined;
  const s = random.pick(statements);
  return { edits: [{ start: s.end, end: s.end, text: `\n${s.text}` }], what: `duplicated the statement of line ${lineOf(text, s.start)}` };
};

/** Two expressions of the same kind in one function, exchanged. */
const swapExpressions: JsMutation = (nodes, random, text) =>
  swapInFunction(nodes.filter((n) => isExpression(n) && (n.type !== 'Identifier' || isReference(n, text))), random, text);

/** An operator and one operand gone (`a + b` becomes `a`), or an argument or an element dropped. */
const deleteExpression: JsMutation = (nodes, random, text) => {
  const parents = nodes.filter((n) => ['BinaryExpression', 'LogicalExpression', 'CallExpression', 'NewExpression', 'ArrayExpression', 'ObjectExpression'].includes(n.type));
  if (!parents.length) return undefined;
  const n = random.pick(parents);
  if (n.type === 'BinaryExpression' || n.type === 'LogicalExpression') {
    const keep = random.pick(children(nodes, n));
    return { edits: [{ start: n.start, end: n.end, text: `(${keep.text})` }], what: `'${short(n.text)}' became '${short(keep.text)}' (line ${lineOf(text, n.start)})` };
  }
  const items = children(nodes, n).filter((c) => c.inList);
  if (!items.length) return undefined;
  const drop = random.pick(items);
  const next = items[items.indexOf(drop) + 1];
  return { edits: [{ start: drop.start, end: next ? next.start : drop.end, text: '' }], what: `dropped '${short(drop.text)}' from '${short(n.text)}' (line ${lineOf(text, n.start)})` };
};

/** An operand used twice (`a - b` becomes `a - a`), or an argument or element given twice. */
const duplicateExpression: JsMutation = (nodes, random, text) => {
  const parents = nodes.filter((n) => ['BinaryExpression', 'CallExpression', 'NewExpression', 'ArrayExpression'].includes(n.type));
  if (!parents.length) return undefined;
  const n = random.pick(parents);
  if (n.type === 'BinaryExpression') {
    const [left, right] = [children(nodes, n, 'left')[0], children(nodes, n, 'right')[0]];
    const [from, to] = random.chance(0.5) ? [left, right] : [right, left];
    return { edits: [{ start: to.start, end: to.end, text: from.text }], what: `'${short(to.text)}' became '${short(from.text)}' (line ${lineOf(text, n.start)})` };
  }
  const items = children(nodes, n).filter((c) => c.inList);
  if (!items.length) return undefined;
  const a = random.pick(items);
  return { edits: [{ start: a.end, end: a.end, text: `, ${a.text}` }], what: `'${short(a.text)}' given twice in '${short(n.text)}' (line ${lineOf(text, n.start)})` };
};

/** A count, an index, a size or a loop bound changed to a nearby or an extreme value (array lengths, string repeats, shifts). */
const changeConstant: JsMutation = (nodes, random, text) => {
  const numbers = nodes.filter((n) => n.type === 'Literal' && typeof n.value === 'number' && n.field !== 'key');
  if (!numbers.length) return undefined;
  const n = random.pick(numbers);
  const v = n.value as number;
  const choices = ['0', '1', '-1', String(v + 1), String(v - 1), String(v * 2), String(v * 1000), '0.5', '-0', 'NaN', 'Infinity', '2**31', '2**32', '2**32 - 1', '2**53', '1e9', '1e21', '4294967296', '65536'];
  const next = random.pick(choices);
  return { edits: [{ start: n.start, end: n.end, text: /^[\d.]+$/.test(next) ? next : `(${next})` }], what: `the constant ${n.text} became ${next} (line ${lineOf(text, n.start)})` };
};

/** `<` and `<=`, `===` and `!==`...: the off-by-one, the inverted test, the loop that never ends. */
const flipComparison: JsMutation = (nodes, random, text) => {
  const flips: Record<string, string[]> = { '<': ['<=', '>'], '<=': ['<', '>='], '>': ['>=', '<'], '>=': ['>', '<='], '===': ['!==', '=='], '!==': ['===', '!='], '==': ['!='], '!=': ['=='] };
  const comparisons = nodes.filter((n) => n.type === 'BinaryExpression').map((n) => {
    const [left, right] = [children(nodes, n, 'left')[0], children(nodes, n, 'right')[0]];
    const between = text.slice(left.end, right.start);
    const op = between.replace(/[\s()]/g, '');
    return flips[op] ? { op, at: left.end + between.indexOf(op) } : undefined;
  }).filter((x): x is { op: string; at: number } => x !== undefined);
  if (!comparisons.length) return undefined;
  const c = random.pick(comparisons);
  const to = random.pick(flips[c.op]);
  return { edits: [{ start: c.at, end: c.at + c.op.length, text: to }], what: `'${c.op}' became '${to}' (line ${lineOf(text, c.at)})` };
};

/** A call left out (its statement gone, or its value `undefined`): a missing setup, a missing cleanup, an unresolved promise. */
const dropCall: JsMutation = (nodes, random, text) => {
  const calls = nodes.filter((n) => n.type === 'CallExpression' || n.type === 'NewExpression');
  if (!calls.length) return undefined;
  const c = random.pick(calls);
  const statement = nodes[c.parent]?.type === 'ExpressionStatement' ? nodes[c.parent] : undefined;
  if (statement) return { edits: [{ start: statement.start, end: statement.end, text: '' }], what: `dropped the call '${short(c.text)}' (line ${lineOf(text, c.start)})` };
  return { edits: [{ start: c.start, end: c.end, text: 'undefined' }], what: `the call '${short(c.text)}' became undefined (line ${lineOf(text, c.start)})` };
};

/** A call made twice: a listener added twice, a resolve called twice, a push in a loop doubled, a recursion deeper. */
const duplicateCall: JsMutation = (nodes, random, text) => {
  const calls = nodes.filter((n) => n.type === 'CallExpression');
  if (!calls.length) return undefined;
  const c = random.pick(calls);
  return { edits: [{ start: c.start, end: c.end, text: `(${c.text}, ${c.text})` }], what: `called twice: '${short(c.text)}' (line ${lineOf(text, c.start)})` };
};

/** A reference aimed elsewhere: another name in the file, a global, `undefined`, `null`, `this`, an object or array. */
const retargetIdentifier: JsMutation = (nodes, random, text) => {
  const references = nodes.filter((n) => isReference(n, text));
  if (!references.length) return undefined;
  const r = random.pick(references);
  const names = [...new Set(references.map((n) => n.name!))];
  const to = random.pick([...names, ...names, 'undefined', 'null', 'this', '({})', '[]', 'globalThis', 'arguments', 'console', 'Symbol()', '0']);
  return { edits: [{ start: r.start, end: r.end, text: to }], what: `'${r.name}' became '${to}' (line ${lineOf(text, r.start)})` };
};

export const JS_MUTATIONS = {
  swapStatements, deleteStatement, duplicateStatement, swapExpressions, deleteExpression, duplicateExpression,
  changeConstant, flipComparison, dropCall, duplicateCall, retargetIdentifier,
} satisfies Record<string, JsMutation>;

export type JsMutationName = keyof typeof JS_MUTATIONS;

export const JS_MUTATION_WEIGHTS: Record<JsMutationName | 'noise', number> = {
  swapStatements: 8, deleteStatement: 10, duplicateStatement: 8, swapExpressions: 8, deleteExpression: 6, duplicateExpression: 5,
  changeConstant: 14, flipComparison: 8, dropCall: 8, duplicateCall: 7, retargetIdentifier: 12, noise: 7,
};
