import { JsFunction, JsObject, JsSymbol, type JsValue } from './values';

/** A value as V8 names it in a TypeError ("x is not a function"): strings quoted, objects by kind. */
export function describeForError(v: JsValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsFunction) return v.name ? `function ${v.name}` : 'function';
  if (v instanceof JsSymbol) return `Symbol(${v.description ?? ''})`;
  if (v instanceof JsObject) return v.cls === 'Array' ? 'object' : '#<Object>';
  if (typeof v === 'bigint') return `${v}n`;
  return String(v);
}
