import type { Interp } from '../interp/interp';
import { JsObject, type JsValue } from '../interp/values';
import { errorHeadline, ownKeys, ownProperty } from '../interp/objectModel';
import { inspect } from '../builtins/inspectFallback';

/** The node version whose messages the simulation writes (the corpus was recorded with it). */
export const NODE_VERSION = 'v20.20.2';

/**
 * What node prints on stderr when an exception nobody catches ends the process: the file and
 * line, the source line with a caret, a blank line, the error's stack (here its first line: the
 * simulation has no native frames to list) and its own extra properties, then node's version.
 * A thrown non-error is inspected and followed by node's --trace-uncaught hint.
 */
export function uncaughtErrorText(it: Interp, value: JsValue, line: number | undefined, column: number | undefined): string {
  const where = line !== undefined ? `${it.source}:${line}\n${it.lines[line - 1] ?? ''}\n${' '.repeat(Math.max(0, (column ?? 1) - 1))}^\n` : '';
  if (value instanceof JsObject && value.cls === 'Error') {
    const stack = ownProperty(value, 'stack')?.value;
    const head = typeof stack === 'string' ? stack : errorHeadline(value);
    const extras = ownKeys(value).filter((k) => typeof k === 'string' && ownProperty(value, k)!.enumerable);
    let props = '';
    if (extras.length) {
      const copy = it.newObject();
      for (const k of extras) copy.props.set(k, { ...ownProperty(value, k)! });
      props = ' ' + inspect(it, copy);
    }
    return `${where}\n${head}${props}\n\nNode.js ${NODE_VERSION}\n`;
  }
  return `${where}${inspect(it, value)}\n(Use \`node --trace-uncaught ...\` to show where the exception was thrown)\n\nNode.js ${NODE_VERSION}\n`;
}

/** Node's fatal message for a rejection no handler took. */
export function unhandledRejectionText(it: Interp, reason: JsValue): string {
  if (reason instanceof JsObject && reason.cls === 'Error') return uncaughtErrorText(it, reason, undefined, undefined).replace(/^\n/, '');
  const shown = typeof reason === 'string' ? reason : inspect(it, reason);
  return `node:internal/process/promises:389\n      new UnhandledPromiseRejection(reason);\n      ^\n\nUnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${shown}".\n    at throwUnhandledRejectionsMode (node:internal/process/promises:389:7)\n    at processPromiseRejections (node:internal/process/promises:470:17)\n    at process.processTicksAndRejections (node:internal/process/task_queues:96:32) {\n  code: 'ERR_UNHANDLED_REJECTION'\n}\n\nNode.js ${NODE_VERSION}\n`;
}
