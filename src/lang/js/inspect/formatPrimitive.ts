import type { PrimitiveView } from './inspectHost';
import { quoteString } from './quoteString';

/** A string shorter than this is never split over lines, however deep it is nested. */
const MIN_LINE_LENGTH = 16;

export interface PrimitiveLayout {
  readonly indentationLvl: number;
  readonly breakLength: number;
  readonly maxStringLength: number;
}

/** A number as inspect prints it: as String() does, except that -0 keeps its sign. */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : `${n}`;
}

export function formatBigInt(n: bigint): string {
  return `${n}n`;
}

export function symbolText(description: string | undefined): string {
  return description === undefined ? 'Symbol()' : `Symbol(${description})`;
}

/**
 * A primitive inside inspect output. Strings are quoted; one too long for the line is cut after
 * each newline into quoted pieces joined by ` +` (as node does, so a long text reads as a sum).
 */
export function formatPrimitive(value: PrimitiveView, layout: PrimitiveLayout): string {
  switch (value.type) {
    case 'string': {
      let text = value.value;
      let trailer = '';
      if (text.length > layout.maxStringLength) {
        const remaining = text.length - layout.maxStringLength;
        text = text.slice(0, layout.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
      }
      if (text.length > MIN_LINE_LENGTH && text.length > layout.breakLength - layout.indentationLvl - 4) {
        return text.split(/(?<=\n)/).map(quoteString).join(` +\n${' '.repeat(layout.indentationLvl + 2)}`) + trailer;
      }
      return quoteString(text) + trailer;
    }
    case 'number': return formatNumber(value.value);
    case 'bigint': return formatBigInt(value.value);
    case 'boolean': return `${value.value}`;
    case 'undefined': return 'undefined';
    case 'null': return 'null';
    case 'symbol': return symbolText(value.description);
  }
}
