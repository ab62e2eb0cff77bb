import type { EntryKind, InspectContext } from './inspectContext';
import { displayWidth } from './quoteString';

/** Room node reserves next to the entries when it decides whether they fit on one line. */
const ONE_LINE_SLACK = 10;
/** ", " between two entries. */
const SEPARATOR_WIDTH = 2;
/** Node expects a character to be about 2.5 times as tall as it is wide when it squares a grid. */
const CHARACTER_ASPECT = 2.5;
/** Never more columns than this, however short the items. */
const MAX_COLUMNS = 15;
/** Arrays with more items than this are considered for columns. */
const GROUPING_MIN_ITEMS = 6;

/**
 * Joins formatted entries into the object's text, as node's reduceToSingleString does with a
 * numeric `compact`: the entries go on one line when the object is among the `compact` innermost
 * levels just formatted and the line stays within `breakLength`; otherwise one entry per line
 * (array items first grouped in columns when there are more than six).
 */
export function joinEntries(ctx: InspectContext, entries: readonly string[], base: string, braces: readonly [string, string], kind: EntryKind, recurseTimes: number, items?: readonly ItemKind[]): string {
  let output = entries;
  const count = output.length;
  if (kind === 'array' && count > GROUPING_MIN_ITEMS) output = groupArrayItems(ctx, output, items);
  // Grouped output is never put on a single line (it was grouped because it is long).
  if (ctx.currentDepth - recurseTimes < ctx.compact && count === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + ONE_LINE_SLACK;
    if (fitsOnLine(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}

/** Node's isBelowBreakLength: the entries, a comma each and `start` columns of context fit in breakLength. */
function fitsOnLine(ctx: InspectContext, output: readonly string[], start: number, base: string): boolean {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    total += entry.length;
    if (total > ctx.breakLength) return false;
  }
  // A base spanning lines (an error's stack) never shares its line with properties.
  return base === '' || !base.includes('\n');
}

/**
 * Whether `array[i]` is a number or bigint, for each position i of the output (extra
 * properties and `... more items` included, as node looks them up by position).
 */
export type ItemKind = 'numeric' | 'other';

/**
 * Node's groupArrayElements: lays array items out in columns when at least three fit side by
 * side and no item is far longer than the rest, with about as many rows as columns (characters
 * being taller than wide). Numbers are right-aligned, anything else left-aligned. A trailing
 * `... n more items` stays on its own line.
 */
function groupArrayItems(ctx: InspectContext, output: readonly string[], items: readonly ItemKind[] | undefined): readonly string[] {
  let totalLength = 0;
  let maxLength = 0;
  const outputLength = ctx.maxArrayLength < output.length ? output.length - 1 : output.length;
  const dataLen: number[] = [];
  for (let i = 0; i < outputLength; i++) {
    const len = displayWidth(output[i]);
    dataLen[i] = len;
    totalLength += len + SEPARATOR_WIDTH;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + SEPARATOR_WIDTH;
  if (!(actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6))) return output;

  const averageBias = Math.sqrt(actualMax - totalLength / output.length);
  const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
  const columns = Math.min(
    Math.round(Math.sqrt(CHARACTER_ASPECT * biasedMax * outputLength) / biasedMax),
    Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
    ctx.compact * 4,
    MAX_COLUMNS,
  );
  if (columns <= 1) return output;

  const maxLineLength: number[] = [];
  for (let i = 0; i < columns; i++) {
    let lineMaxLength = 0;
    for (let j = i; j < output.length; j += columns) {
      if (dataLen[j] > lineMaxLength) lineMaxLength = dataLen[j];
    }
    maxLineLength.push(lineMaxLength + SEPARATOR_WIDTH);
  }
  // Node checks the array's own values at the output's positions (not the drawn text): all
  // numbers or bigints means right-aligned.
  const rightAlign = items === undefined || items.every((k) => k === 'numeric');
  const grouped: string[] = [];
  for (let i = 0; i < outputLength; i += columns) {
    const max = Math.min(i + columns, outputLength);
    let line = '';
    let j = i;
    for (; j < max - 1; j++) {
      const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
      line += rightAlign ? `${output[j]}, `.padStart(padding, ' ') : `${output[j]}, `.padEnd(padding, ' ');
    }
    if (rightAlign) {
      const padding = maxLineLength[j - i] + output[j].length - dataLen[j] - SEPARATOR_WIDTH;
      line += output[j].padStart(padding, ' ');
    } else {
      line += output[j];
    }
    grouped.push(line);
  }
  if (ctx.maxArrayLength < output.length) grouped.push(output[outputLength]);
  return grouped;
}
