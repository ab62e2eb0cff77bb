import type { Interp } from '../interp/interp';
import { type Eval, JsObject, type JsValue } from '../interp/values';
import { toString } from '../interp/conversions';
import { formatLogArguments } from '../inspect/formatLogArguments';
import { inspect } from '../inspect/inspectValue';
import { JsInspectHost } from './jsInspectHost';

/** The formatter's view of this run's values (one per interpreter: it reads its intrinsics). */
const hosts = new WeakMap<Interp, JsInspectHost>();

export function inspectHost(it: Interp): JsInspectHost {
  let h = hosts.get(it);
  if (!h) hosts.set(it, (h = new JsInspectHost(it)));
  return h;
}

/** What console.log writes for its arguments (without the newline), as node's util.format. */
export function formatForConsole(it: Interp, args: readonly JsValue[]): string {
  return formatLogArguments(inspectHost(it), args);
}

/**
 * The same, for console.log itself: a `%s` of an object with its own toString calls it (the
 * program's code, stepped as such) before the formatter, which cannot run code, is asked.
 */
export function* formatLogCall(it: Interp, args: readonly JsValue[]): Eval<string> {
  const host = inspectHost(it);
  if (typeof args[0] === 'string' && args[0].includes('%') && args.length > 1) {
    for (const a of args.slice(1)) {
      if (a instanceof JsObject && !host.hasBuiltInToString(a) && !host.texts.has(a)) host.texts.set(a, yield* toString(it, a));
    }
  }
  try {
    return formatLogArguments(host, args);
  } finally {
    host.texts.clear();
  }
}

/** util.inspect(v) with node's defaults. */
export function inspectValue(it: Interp, v: JsValue): string {
  return inspect(inspectHost(it), v);
}
