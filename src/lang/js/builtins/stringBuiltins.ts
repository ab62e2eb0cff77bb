import type { Interp } from '../interp/interp';
import { JsObject, JsSymbol, type JsValue } from '../interp/values';
import { dataProperty, defineOwn, getV } from '../interp/objectModel';
import { toIntegerOrInfinity, toNumber, toString } from '../interp/conversions';
import { call } from '../interp/calls';
import { isFunction, makeConstructor, method, relativeIndex, simple } from './helpers';
import { hostIterator } from './iterators';
import { hostRegExp } from './regexp';

/** String and String.prototype (UTF-16 code units, as the language's strings are). */
export function installString(it: Interp): void {
  const proto = it.intrinsics.stringProto;
  proto.cls = 'String';
  proto.primitive = '';
  const S = makeConstructor(it, 'String', 1, proto, function* (_t, args, newTarget) {
    const s = args.length === 0 ? '' : !newTarget && args[0] instanceof JsSymbol ? `Symbol(${args[0].description ?? ''})` : yield* toString(it, args[0]);
    if (!newTarget) return s;
    const o = it.newObject(proto, 'String');
    o.primitive = s;
    return o;
  });
  simple(it, S, 'fromCharCode', 1, (_t, args) => String.fromCharCode(...args.map(Number)));
  simple(it, S, 'fromCodePoint', 1, (_t, args) => String.fromCodePoint(...args.map(Number)));
  method(it, S, 'raw', 1, function* (_t, [strings, ...subs]) {
    const raw = yield* getV(it, strings, 'raw');
    const n = Number(yield* getV(it, raw, 'length'));
    let out = '';
    for (let i = 0; i < n; i++) {
      out += yield* toString(it, yield* getV(it, raw, String(i)));
      if (i + 1 < n && i < subs.length) out += yield* toString(it, subs[i]);
    }
    return out;
  });

  const str = function* (t: JsValue) {
    if (t === undefined || t === null) return it.throwError('TypeError', `String.prototype method called on null or undefined`);
    return t instanceof JsObject && t.cls === 'String' ? (t.primitive as string) : yield* toString(it, t);
  };
  const strArgs = (name: string, length: number, f: (s: string, args: string[], raw: readonly JsValue[]) => JsValue) =>
    method(it, proto, name, length, function* (t, args) {
      const s = yield* str(t);
      const converted: string[] = [];
      for (const a of args) converted.push(a === undefined ? (undefined as unknown as string) : typeof a === 'number' ? String(a) : yield* toString(it, a));
      return f(s, converted, args);
    });
  const num = (v: JsValue, fallback: number) => (v === undefined ? fallback : toIntegerOrInfinity(Number(v)));

  method(it, proto, 'toString', 0, (t) => str(t));
  method(it, proto, 'valueOf', 0, (t) => str(t));
  strArgs('charAt', 1, (s, _a, [i]) => s.charAt(num(i, 0)));
  strArgs('charCodeAt', 1, (s, _a, [i]) => s.charCodeAt(num(i, 0)));
  strArgs('codePointAt', 1, (s, _a, [i]) => s.codePointAt(num(i, 0)));
  method(it, proto, 'at', 1, function* (t, [i]) {
    const s = yield* str(t);
    const n = toIntegerOrInfinity(yield* toNumber(it, i));
    return s.at(n);
  });
  strArgs('indexOf', 1, (s, [x], [, from]) => s.indexOf(x, num(from, 0)));
  strArgs('lastIndexOf', 1, (s, [x]) => s.lastIndexOf(x));
  strArgs('includes', 1, (s, [x], [, from]) => s.includes(x, num(from, 0)));
  strArgs('startsWith', 1, (s, [x], [, from]) => s.startsWith(x, num(from, 0)));
  strArgs('endsWith', 1, (s, [x], [, end]) => s.endsWith(x, num(end, s.length)));
  method(it, proto, 'slice', 2, function* (t, [a, b]) {
    const s = yield* str(t);
    return s.slice(yield* relativeIndex(it, a, s.length, 0), yield* relativeIndex(it, b, s.length, s.length));
  });
  strArgs('substring', 2, (s, _a, [a, b]) => s.substring(num(a, 0), num(b, s.length)));
  strArgs('substr', 2, (s, _a, [a, b]) => s.substr(num(a, 0), b === undefined ? undefined : num(b, 0)));
  strArgs('toUpperCase', 0, (s) => s.toUpperCase());
  strArgs('toLowerCase', 0, (s) => s.toLowerCase());
  strArgs('toLocaleUpperCase', 0, (s) => s.toUpperCase());
  strArgs('toLocaleLowerCase', 0, (s) => s.toLowerCase());
  strArgs('trim', 0, (s) => s.trim());
  strArgs('trimStart', 0, (s) => s.trimStart());
  strArgs('trimEnd', 0, (s) => s.trimEnd());
  strArgs('padStart', 2, (s, [, fill], [n]) => s.padStart(num(n, 0), fill));
  strArgs('padEnd', 2, (s, [, fill], [n]) => s.padEnd(num(n, 0), fill));
  strArgs('repeat', 1, (s, _a, [n]) => {
    const k = num(n, 0);
    if (k < 0 || k === Infinity) it.throwError('RangeError', `Invalid count value: ${k}`);
    return s.repeat(k);
  });
  strArgs('concat', 1, (s, args) => s.concat(...args));
  strArgs('normalize', 0, (s, [f]) => s.normalize(f));
  strArgs('localeCompare', 1, (s, [x]) => (s < x ? -1 : s > x ? 1 : 0));
  method(it, proto, 'split', 2, function* (t, [sep, limit]) {
    const s = yield* str(t);
    const re = hostRegExp(sep);
    const lim = limit === undefined ? undefined : Number(limit) >>> 0;
    const parts = sep === undefined ? [s] : re ? s.split(re, lim) : s.split(yield* toString(it, sep), lim);
    return it.newArray(parts);
  });
  const replace = (all: boolean) => function* (t: JsValue, [pattern, replacement]: readonly JsValue[]) {
    const s = yield* str(t);
    const re = hostRegExp(pattern);
    const needle = re ?? (yield* toString(it, pattern));
    if (all && re && !re.global) it.throwError('TypeError', 'replaceAll must be called with a global RegExp');
    if (isFunction(replacement)) {
      // The callback is the program's code: find the matches first, then call it for each in order.
      const matches: { index: number; text: string; groups: string[] }[] = [];
      if (typeof needle === 'string') {
        let from = 0;
        for (;;) {
          const i = s.indexOf(needle, from);
          if (i < 0) break;
          matches.push({ index: i, text: needle, groups: [] });
          if (!all) break;
          from = i + Math.max(needle.length, 1);
        }
      } else {
        const r = new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : needle.flags + (all ? 'g' : ''));
        if (r.global) for (const m of s.matchAll(r)) matches.push({ index: m.index!, text: m[0], groups: m.slice(1) });
        else {
          const m = r.exec(s);
          if (m) matches.push({ index: m.index, text: m[0], groups: m.slice(1) });
        }
      }
      let out = '';
      let last = 0;
      for (const m of matches) {
        out += s.slice(last, m.index);
        out += yield* toString(it, yield* call(it, replacement, undefined, [m.text, ...m.groups, m.index, s]));
        last = m.index + m.text.length;
      }
      return out + s.slice(last);
    }
    const r = yield* toString(it, replacement);
    return all ? s.replaceAll(needle as string, r) : s.replace(needle, r);
  };
  method(it, proto, 'replace', 2, replace(false));
  method(it, proto, 'replaceAll', 2, replace(true));
  method(it, proto, 'match', 1, function* (t, [pattern]) {
    const s = yield* str(t);
    const re = hostRegExp(pattern) ?? new RegExp(yield* toString(it, pattern));
    const m = s.match(re);
    if (!m) return null;
    const a = it.newArray([...m]);
    if (!re.global) {
      defineOwn(it, a, 'index', dataProperty(m.index));
      defineOwn(it, a, 'input', dataProperty(s));
      defineOwn(it, a, 'groups', dataProperty(undefined));
    }
    return a;
  });
  method(it, proto, 'search', 1, function* (t, [pattern]) {
    const s = yield* str(t);
    return s.search(hostRegExp(pattern) ?? (yield* toString(it, pattern)));
  });
  method(it, proto, it.symbols.iterator, 0, function* (t) {
    const s = yield* str(t);
    return hostIterator(it, 'String Iterator', s, (c) => c, []);
  });
  void getV;
}
