import type { InspectHost } from './inspectHost';
import { inspect } from './inspectValue';
import { symbolText } from './formatPrimitive';

/**
 * What node 20 writes on stderr when a program dies of an uncaught exception or an unhandled
 * rejection (then it exits with status 1). The interpreter's errors carry no stack frames, so
 * this is node's output for errors without frames: exactly what `node --stack-trace-limit=0`
 * prints, which is how the corpus records node.
 */

/** The node release whose output the interpreter reproduces (the last line of a fatal error). */
export const SIMULATED_NODE_VERSION = 'v20.20.2';

/** Where the exception was raised, as V8's message location gives it. */
export interface ThrowSite {
  /** The script's name as node prints it (its absolute path). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** The text of that line, without its newline. */
  readonly sourceLine: string;
  /**
   * 0-based column of the caret: the `throw` keyword for a throw statement; for an error the
   * engine raises, the property name read or called (`o.missing()`), the identifier not
   * defined, or the start of the `new` expression.
   */
  readonly column: number;
}

const VERSION_LINE = `\nNode.js ${SIMULATED_NODE_VERSION}\n`;

/** `file:line`, the source line and a caret under the column (tabs kept so the caret lines up). */
function arrow(site: ThrowSite): string {
  const pad = site.sourceLine.slice(0, site.column).replace(/[^\t]/g, ' ');
  return `${site.file}:${site.line}\n${site.sourceLine}\n${pad}^\n`;
}

/**
 * stderr for an exception nobody caught. An Error prints as inspect shows it after the arrow
 * and a blank line; another object right under the arrow (node writes the arrow first, with a
 * newline in front); a primitive as String() gives it, followed by node's hint about
 * --trace-uncaught. `site` undefined: an error raised where no script line is on the stack
 * (a queueMicrotask callback), which node reports at `<anonymous_script>:0`.
 */
export function uncaughtExceptionText<V>(host: InspectHost<V>, value: V, site: ThrowSite | undefined): string {
  const view = host.describe(value);
  if (view.type === 'object' && view.kind === 'error') {
    const where = site === undefined ? '<anonymous_script>:0\n\n' : arrow(site);
    return `${where}\n${inspect(host, value)}\n${VERSION_LINE}`;
  }
  const where = `\n${arrow(site ?? { file: '<anonymous_script>', line: 0, sourceLine: '', column: 0 })}`;
  if (view.type === 'object') return `${where}${inspect(host, value)}\n${VERSION_LINE}`;
  const text = view.type === 'symbol' ? symbolText(view.description) : host.toText(value);
  return `${where}${text}\n(Use \`node --trace-uncaught ...\` to show where the exception was thrown)\n${VERSION_LINE}`;
}

/** A rejection's reason: an error-like value (inspected), or another value given by its text. */
export type RejectionReason<V> = { readonly errorLike: true; readonly value: V } | { readonly errorLike: false; readonly text: string };

/** The line of node's own code that rethrows an unhandled rejection: node prints it as the arrow. */
const REJECTION_ARROW = 'node:internal/process/promises:391\n    triggerUncaughtException(err, true /* fromPromise */);\n    ^\n';

/**
 * stderr for a promise rejected with no handler by the time the microtask queue drained. A
 * reason that is error-like (an object with an own `stack`: every Error) prints as inspect
 * shows it; any other is wrapped in node's UnhandledPromiseRejection error, whose message quotes
 * the reason's `text`: V8's side-effect-free ToString of the reason (a primitive as String() gives it
 * but a bigint without its `n`; a function its source; an object whose toString is
 * Object.prototype's `#<Ctor>`; any other object `[object Tag]`, so arrays give
 * '[object Array]').
 */
export function unhandledRejectionText<V>(host: InspectHost<V>, reason: RejectionReason<V>): string {
  if (reason.errorLike) return `${REJECTION_ARROW}\n${inspect(host, reason.value)}\n${VERSION_LINE}`;
  const message = 'This error originated either by throwing inside of an async function without a catch block, '
    + 'or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason '
    + `"${reason.text}".`;
  // The wrapper's base is far wider than a line, so node always breaks its one property.
  return `${REJECTION_ARROW}\n[UnhandledPromiseRejection: ${message}] {\n  code: 'ERR_UNHANDLED_REJECTION'\n}\n${VERSION_LINE}`;
}
