import type { InspectHost } from './inspectHost';
import type { InspectOptions } from './inspectContext';
import { formatBigInt, formatNumber, symbolText } from './formatPrimitive';
import { inspect } from './inspectValue';

/**
 * What console.log writes for its arguments (node's util.format, without the newline): a first
 * string argument is a format whose `%s %d %i %f %j %o %O %c` take the following arguments
 * (`%%` is a percent sign); the arguments left over are appended, separated by spaces, strings
 * as they are and anything else inspected.
 */
export function formatLogArguments<V>(host: InspectHost<V>, args: readonly V[], options: Partial<InspectOptions> = {}): string {
  const first = args.length > 0 ? host.describe(args[0]) : undefined;
  let a = 0;
  let str = '';
  let join = '';
  if (first?.type === 'string') {
    const format = first.value;
    if (args.length === 1) return format;
    let lastPos = 0;
    for (let i = 0; i < format.length - 1; i++) {
      if (format.charCodeAt(i) !== 0x25 /* % */) continue;
      const next = format[++i];
      if (a + 1 !== args.length) {
        let text: string;
        if (next === '%') {
          str += format.slice(lastPos, i);
          lastPos = i + 1;
          continue;
        }
        const converted = convertSpecifier(host, next, args[a + 1], options);
        if (converted === undefined) continue;
        a++;
        text = converted;
        if (lastPos !== i - 1) str += format.slice(lastPos, i - 1);
        str += text;
        lastPos = i + 1;
      } else if (next === '%') {
        str += format.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < format.length) str += format.slice(lastPos);
    }
  }
  for (; a < args.length; a++) {
    const view = host.describe(args[a]);
    str += join + (view.type === 'string' ? view.value : inspect(host, args[a], options));
    join = ' ';
  }
  return str;
}

/** The text one specifier makes of its argument; undefined when the letter is no specifier (it stays as written). */
function convertSpecifier<V>(host: InspectHost<V>, letter: string, arg: V, options: Partial<InspectOptions>): string | undefined {
  const view = host.describe(arg);
  switch (letter) {
    case 's':
      if (view.type === 'number') return formatNumber(view.value);
      if (view.type === 'bigint') return formatBigInt(view.value);
      if (view.type === 'symbol') return symbolText(view.description);
      // A function (typeof 'function') and an object with a toString of its own are converted by
      // String(); any other object is inspected shallowly.
      if (view.type !== 'object' || view.kind === 'function' || !host.hasBuiltInToString(arg)) return host.toText(arg);
      return inspect(host, arg, { ...options, compact: 3, depth: 0 });
    case 'j': {
      const json = host.jsonText(arg);
      return json === 'circular' ? '[Circular]' : `${json}`;
    }
    case 'd':
      if (view.type === 'bigint') return formatBigInt(view.value);
      if (view.type === 'symbol') return 'NaN';
      return formatNumber(view.type === 'object' ? host.toNumber(arg) : Number(primitiveValue(view)));
    case 'i':
      if (view.type === 'bigint') return formatBigInt(view.value);
      if (view.type === 'symbol') return 'NaN';
      return formatNumber(parseInt(textOf(host, arg)));
    case 'f':
      if (view.type === 'symbol') return 'NaN';
      return formatNumber(parseFloat(textOf(host, arg)));
    case 'O':
      return inspect(host, arg, options);
    case 'o':
      return inspect(host, arg, { ...options, showHidden: true, depth: 4 });
    case 'c':
      // CSS styling means nothing to a terminal: the argument is consumed and prints nothing.
      return '';
    default:
      return undefined;
  }
}

function primitiveValue(view: Exclude<ReturnType<InspectHost<unknown>['describe']>, { type: 'object' | 'symbol' }>): unknown {
  return view.type === 'undefined' ? undefined : view.type === 'null' ? null : view.value;
}

/** String(arg), as parseInt and parseFloat convert their argument. */
function textOf<V>(host: InspectHost<V>, arg: V): string {
  const view = host.describe(arg);
  if (view.type === 'object') return host.toText(arg);
  if (view.type === 'symbol') return symbolText(view.description);
  return String(primitiveValue(view));
}
