import type { Interp } from '../interp/interp';
import { JsObject, type JsValue } from '../interp/values';
import { getProp } from '../interp/objectModel';
import { toNumber, toPrimitive, toString } from '../interp/conversions';
import { makeConstructor, method, protoObject, simple } from './helpers';

/**
 * Date on the simulated clock: `new Date()` and `Date.now()` read the simulated time (a fixed
 * epoch plus the event loop's milliseconds), so a run is the same every time; dates are UTC
 * (the machine's time zone is UTC, as a container's is) and the host's Date does the calendar.
 */
export const SIMULATED_EPOCH_MS = 1_700_000_000_000;

export function installDate(it: Interp): void {
  const proto = protoObject(it, it.intrinsics.objectProto);
  it.intrinsics.protos.set('Date', proto);
  const now = () => SIMULATED_EPOCH_MS + it.loop.now;
  const D = makeConstructor(it, 'Date', 7, proto, function* (_t, args, newTarget) {
    if (!newTarget) return new Date(now()).toString();
    let time: number;
    if (args.length === 0) time = now();
    else if (args.length === 1) {
      const v = args[0] instanceof JsObject && args[0].cls === 'Date' ? (args[0].primitive as number) : yield* toPrimitive(it, args[0]);
      time = typeof v === 'string' ? Date.parse(v) : Number(v);
    } else {
      const parts: number[] = [];
      for (const a of args) parts.push(yield* toNumber(it, a));
      time = Date.UTC(parts[0], parts[1], parts[2] ?? 1, parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0, parts[6] ?? 0);
    }
    const p = yield* getProp(it, newTarget, 'prototype');
    const d = it.newObject(p instanceof JsObject ? p : proto, 'Date', 'Date');
    d.primitive = Math.abs(time) > 8.64e15 ? NaN : Math.trunc(time);
    return d;
  });
  simple(it, D, 'now', 0, () => now());
  method(it, D, 'parse', 1, function* (_t, [s]) {
    return Date.parse(yield* toString(it, s));
  });
  simple(it, D, 'UTC', 7, (_t, args) => Date.UTC(...(args.map(Number) as [number, number])));
  const time = (t: JsValue): number => (t instanceof JsObject && t.cls === 'Date' ? (t.primitive as number) : it.throwError('TypeError', 'this is not a Date object.'));
  const host = (t: JsValue) => new Date(time(t));
  const getters: readonly (keyof Date & string)[] = ['getTime', 'valueOf', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds',
    'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours', 'getUTCMinutes', 'getUTCSeconds', 'getUTCMilliseconds', 'getTimezoneOffset'];
  for (const g of getters) simple(it, proto, g, 0, (t) => (host(t)[g] as () => number).call(host(t)));
  simple(it, proto, 'toISOString', 0, (t) => {
    if (Number.isNaN(time(t))) return it.throwError('RangeError', 'Invalid time value');
    return host(t).toISOString();
  });
  simple(it, proto, 'toJSON', 1, (t) => (Number.isNaN(time(t)) ? null : host(t).toISOString()));
  for (const f of ['toString', 'toDateString', 'toTimeString', 'toUTCString', 'toLocaleDateString', 'toLocaleTimeString', 'toLocaleString'] as const) {
    simple(it, proto, f, 0, (t) => (f.startsWith('toLocale') ? host(t)[f]('en-US', { timeZone: 'UTC' }) : host(t)[f]()));
  }
  const setter = (name: 'setTime' | 'setUTCFullYear' | 'setUTCMonth' | 'setUTCDate' | 'setUTCHours' | 'setUTCMinutes' | 'setUTCSeconds' | 'setUTCMilliseconds' | 'setFullYear' | 'setMonth' | 'setDate' | 'setHours' | 'setMinutes' | 'setSeconds' | 'setMilliseconds') =>
    method(it, proto, name, 1, function* (t, args) {
      const d = host(t);
      const nums: number[] = [];
      for (const a of args) nums.push(yield* toNumber(it, a));
      const v = (d[name] as (...n: number[]) => number).apply(d, nums);
      (t as JsObject).primitive = v;
      return v;
    });
  for (const s of ['setTime', 'setUTCFullYear', 'setUTCMonth', 'setUTCDate', 'setUTCHours', 'setUTCMinutes', 'setUTCSeconds', 'setUTCMilliseconds', 'setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'setSeconds', 'setMilliseconds'] as const) setter(s);
  method(it, proto, it.symbols.toPrimitive, 1, function* (t, [hint]) {
    return hint === 'number' ? time(t) : host(t).toString();
  });
}
