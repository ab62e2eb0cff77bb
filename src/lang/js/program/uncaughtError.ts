import type { Interp } from '../interp/interp';
import { JsFunction, JsObject, JsSymbol, type JsValue } from '../interp/values';
import { ownProperty } from '../interp/objectModel';
import { uncaughtExceptionText, unhandledRejectionText, type ThrowSite } from '../inspect/uncaughtText';
import { inspectHost } from '../builtins/consoleFormat';

/** Node's stderr for an exception nobody caught, at the place V8 reports it (the throw, or the statement that failed). */
export function uncaughtErrorText(it: Interp, value: JsValue, line: number | undefined, column: number | undefined): string {
  const site: ThrowSite | undefined = line === undefined ? undefined : { file: it.source, line, sourceLine: it.lines[line - 1] ?? '', column: Math.max(0, (column ?? 1) - 1) };
  return uncaughtExceptionText(inspectHost(it), value, site);
}

/** Node's stderr for a rejection no handler took by the end of a microtask checkpoint. */
export function rejectionText(it: Interp, reason: JsValue): string {
  if (reason instanceof JsObject && ownProperty(reason, 'stack')) return unhandledRejectionText(inspectHost(it), { errorLike: true, value: reason });
  return unhandledRejectionText(inspectHost(it), { errorLike: false, text: sideEffectFreeText(reason) });
}

/** V8's ToString of a rejection reason that runs no code (see uncaughtText.ts). */
function sideEffectFreeText(v: JsValue): string {
  if (v instanceof JsSymbol) return `Symbol(${v.description ?? ''})`;
  if (typeof v === 'bigint') return String(v);
  if (!(v instanceof JsObject)) return String(v);
  if (v instanceof JsFunction) return `function ${v.name}() { [native code] }`;
  const ctor = v.proto?.props.get('constructor')?.value;
  const own = v.proto?.props.get('toString')?.value;
  if (v.cls === 'Object' && ctor instanceof JsFunction && (own === undefined || (own instanceof JsFunction && own.native))) return `#<${ctor.name}>`;
  return `[object ${v.cls === 'Array' ? 'Array' : 'Object'}]`;
}
