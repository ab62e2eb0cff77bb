import type { Activation } from './instructions';
import type { Value, ValueKind } from '../values/valueKind';

/**
 * The JS expression a compiled closure computes, for the function bodies generated in
 * vm/functionBody.ts to write inline instead of calling the closure. Only the simplest and most
 * frequent forms have one (integer constants, loads of locals, temporaries, int compares and
 * arithmetic): anything else stays a call of its closure. A form is text over the body's own
 * names (`a` the activation, `t` its temporaries, `mem` the program's memory) and numbers checked
 * to be integers; no name or literal of the program is ever part of it. It computes exactly what
 * its closure computes, in the same order, through the same memory calls (checks included).
 */
export type InlineForm = string;

const forms = new WeakMap<(a: Activation) => unknown, InlineForm>();

/** Remembers `form` as the text of `closure`; returns the closure. */
export function withForm<F extends (a: Activation) => unknown>(closure: F, form: InlineForm | undefined): F {
  if (form !== undefined) forms.set(closure, form);
  return closure;
}

export function formOf(closure: (a: Activation) => unknown): InlineForm | undefined {
  return forms.get(closure);
}

/** An integer as source text, or undefined for anything else (a double, a bigint, a huge number). */
export function integerForm(v: Value): InlineForm | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= 0xffffffff && !Object.is(v, -0) ? `(${v})` : undefined;
}

/** The load of a local of `kind` at rbp + offset, as loadOf's closure does it (kindOps.ts). */
export function localLoadForm(kind: ValueKind, offset: number): InlineForm | undefined {
  const at = integerForm(offset);
  if (at === undefined) return undefined;
  const p = `a.rbp + ${at}`;
  switch (kind) {
    case 'i8': return `((mem.read8(${p}) << 24) >> 24)`;
    case 'u8':
    case 'bool': return `mem.read8(${p})`;
    case 'i16': return `((mem.read16(${p}) << 16) >> 16)`;
    case 'u16': return `mem.read16(${p})`;
    case 'i32': return `(mem.read32(${p}) | 0)`;
    case 'u32': return `mem.read32(${p})`;
    case 'i64': return `mem.readI64(${p})`;
    case 'u64':
    case 'ptr': return `mem.readU64(${p})`;
    default: return undefined;
  }
}

/** A temporary as readTemp's closure reads it: a value computed from undefined bytes taints. */
export function tempForm(temp: number): InlineForm {
  const t = integerForm(temp)!;
  if (temp > 30) return `t[${t}]`;
  return `((a.tt & ${1 << temp}) !== 0 ? (mem.checker.taint(), t[${t}]) : t[${t}])`;
}

const COMPARE: Readonly<Record<string, string>> = { '<': '<', '>': '>', '<=': '<=', '>=': '>=', '==': '===', '!=': '!==' };

/** `l op r ? 1 : 0`, as the compare closures compute it. */
export function compareForm(op: string, l: InlineForm | undefined, r: InlineForm | undefined): InlineForm | undefined {
  const js = COMPARE[op];
  return js === undefined || l === undefined || r === undefined ? undefined : `(${l} ${js} ${r} ? 1 : 0)`;
}

/** int (32-bit) arithmetic as kindOps' INT32 table computes it, for the operators without traps or shift counts. */
export function int32Form(op: string, l: InlineForm | undefined, r: InlineForm | undefined): InlineForm | undefined {
  if (l === undefined || r === undefined) return undefined;
  switch (op) {
    case '+': return `((${l} + ${r}) | 0)`;
    case '-': return `((${l} - ${r}) | 0)`;
    case '*': return `Math.imul(${l}, ${r})`;
    case '&': return `(${l} & ${r})`;
    case '|': return `(${l} | ${r})`;
    case '^': return `(${l} ^ ${r})`;
    default: return undefined;
  }
}

/** A branch's test: the value compared with 0, as the Jump instructions' test closures do. */
export function testForm(value: InlineForm | undefined): InlineForm | undefined {
  return value === undefined ? undefined : `(${value} !== 0)`;
}
