import type { DebugProtocol } from '@vscode/debugprotocol';
import type { InspectedValue } from '../engine/program/programInspector';

/** A simulated address as a DAP memoryReference (and back). */
export function memoryReference(address: number): string {
  return `0x${address.toString(16)}`;
}

export function parseMemoryReference(reference: string): number | undefined {
  const trimmed = reference.trim();
  const n = /^0x[0-9a-f]+$/i.test(trimmed) ? Number.parseInt(trimmed, 16) : /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Integers as hex when the editor asks for hex (the Variables view's "View as hex"). */
export function formatted(value: string, hex: boolean | undefined): string {
  if (!hex || !/^-?\d+$/.test(value)) return value;
  const n = BigInt(value);
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

/** A pointer into freed memory or a dead frame says so in its value, where the eye is. */
function valueText(v: InspectedValue, hex?: boolean): string {
  const text = formatted(v.value, hex);
  return v.target?.invalid && v.value !== '0x0' && v.target.text.includes('dangles') ? `${text} <dangling>` : text;
}

/** One row of the Variables view (or a watch): type, value as the language's debugger prints it, address. */
export function dapVariable(v: InspectedValue, reference: number, hex?: boolean): DebugProtocol.Variable {
  return {
    name: v.name,
    value: valueText(v, hex),
    type: v.type,
    variablesReference: reference,
    ...(v.indexedCount !== undefined ? { indexedVariables: v.indexedCount } : {}),
    ...(v.address !== undefined ? { memoryReference: memoryReference(v.address) } : {}),
    ...(v.expression ? { evaluateName: v.expression } : {}),
    presentationHint: { kind: 'data', ...(v.assignable ? {} : { attributes: ['readOnly'] }) },
  };
}

/**
 * What a hover over an expression says: its value, where it lives ("stack, 'n' in the frame of
 * push, 24 bytes below its rbp"), and for a pointer what it points at ("heap, 16-byte block
 * allocated at line 6", "freed block — this pointer dangles", "NULL").
 */
export function hoverText(v: InspectedValue, hex?: boolean): string {
  const parts = [valueText(v, hex)];
  if (v.uninitialized) parts.push('never written: its bytes are whatever was there before');
  if (v.address !== undefined && v.place) parts.push(`at ${memoryReference(v.address)}: ${v.place.text}`);
  if (v.target) parts.push(`points to ${v.target.text}`);
  return parts.join(' · ');
}
