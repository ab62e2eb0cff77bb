import type { Interp } from '../interp/interp';
import type { JsValue } from '../interp/values';
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

/** util.inspect(v) with node's defaults. */
export function inspectValue(it: Interp, v: JsValue): string {
  return inspect(inspectHost(it), v);
}
