import type { TextEdit } from './mutator';
import type { Random } from './random';

/**
 * The mutations every language's mutator makes, over any syntax tree whose nodes know their
 * source span: two statements of a block swapped, one statement deleted, two expressions of one
 * function exchanged.
 */

export interface SpannedNode {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type MutationResult = { edits: TextEdit[]; what: string } | undefined;

export const lineOf = (text: string, at: number): number => text.slice(0, at).split('\n').length;

/** Two statements of one of the blocks swapped (most often neighbours). */
export function swapInBlock(blocks: readonly (readonly SpannedNode[])[], random: Random, text: string): MutationResult {
  if (!blocks.length) return undefined;
  const statements = random.pick(blocks);
  const i = random.int(statements.length - 1);
  const j = random.chance(0.7) ? i + 1 : i + 1 + random.int(statements.length - i - 1);
  const [a, b] = [statements[i], statements[j]];
  return { edits: [{ start: a.start, end: a.end, text: b.text }, { start: b.start, end: b.end, text: a.text }], what: `swapped the statements of lines ${lineOf(text, a.start)} and ${lineOf(text, b.start)}` };
}

export interface ExpressionNode extends SpannedNode {
  readonly type: string;
  /** The function it is in (expressions are swapped within one). */
  readonly fn: number;
}

/** Two expressions of the same kind in one function, exchanged. */
export function swapInFunction(candidates: readonly ExpressionNode[], random: Random, text: string): MutationResult {
  if (candidates.length < 2) return undefined;
  const a = random.pick(candidates);
  const partners = candidates.filter((b) => b.fn === a.fn && b.type === a.type && b.text !== a.text && (b.end <= a.start || b.start >= a.end));
  if (!partners.length) return undefined;
  const b = random.pick(partners);
  const short = (s: string) => s.replace(/\s+/g, ' ').slice(0, 40);
  return { edits: [{ start: a.start, end: a.end, text: b.text }, { start: b.start, end: b.end, text: a.text }], what: `swapped '${short(a.text)}' (line ${lineOf(text, a.start)}) and '${short(b.text)}' (line ${lineOf(text, b.start)})` };
}

/** One of the statements deleted. */
export function deleteOne(statements: readonly SpannedNode[], random: Random, text: string): MutationResult {
  if (!statements.length) return undefined;
  const s = random.pick(statements);
  return { edits: [{ start: s.start, end: s.end, text: '' }], what: `deleted the statement of line ${lineOf(text, s.start)}` };
}
