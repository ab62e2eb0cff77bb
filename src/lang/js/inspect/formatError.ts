import { classPrefix } from './prefixes';

/**
 * Node's improveStack: when the class differs from the name the stack starts with (a subclass
 * that kept `name` 'Error', a null-prototype error), the stack's first word is replaced by the
 * class so the reader sees what was thrown: `ValidationError: bad input`,
 * `Foo [TypeError]: x`.
 */
export function improveStack(stack: string, constructor: string | null, name: string, tag: string): string {
  let len = name.length;
  const looksNormal = name.endsWith('Error') && stack.startsWith(name)
    && (stack.length === len || stack[len] === ':' || stack[len] === '\n');
  if (constructor !== null && !looksNormal) return stack;
  let fallback = 'Error';
  if (constructor === null) {
    const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/.exec(stack) ?? /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
    const found = start?.[1] ?? '';
    len = found.length;
    fallback = found || 'Error';
  }
  const prefix = classPrefix(constructor, tag, fallback).slice(0, -1);
  if (name === prefix) return stack;
  if (prefix.includes(name)) return len === 0 ? `${prefix}: ${stack}` : `${prefix}${stack.slice(len)}`;
  return `${prefix} [${name}]${stack.slice(len)}`;
}

/**
 * Node's identicalSequenceRange: the first run of more than three stack frames that `a` shares
 * with `b` (its cause's frames), so they can be folded into one line.
 */
function sharedFrames(a: readonly string[], b: readonly string[]): { len: number; offset: number } {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = b.indexOf(a[i]);
    if (pos === -1) continue;
    const rest = b.length - pos;
    if (rest <= 3) continue;
    let len = 1;
    const maxLen = Math.min(a.length - i, rest);
    while (maxLen > len && a[i + len] === b[pos + len]) len++;
    if (len > 3) return { len, offset: i };
  }
  return { len: 0, offset: 0 };
}

/** The frames of a stack, those repeated from the cause's stack folded into `... n lines matching cause stack trace ...`. */
function stackFrames(frames: string, causeStack: string | undefined): string[] {
  const lines = frames.split('\n');
  if (causeStack === undefined) return lines;
  const causeStart = causeStack.indexOf('\n    at');
  if (causeStart === -1) return lines;
  const causeLines = causeStack.slice(causeStart + 1).split('\n');
  const { len, offset } = sharedFrames(lines, causeLines);
  if (len > 0) {
    const skipped = len - 2;
    lines.splice(offset + 1, skipped, `    ... ${skipped} lines matching cause stack trace ...`);
  }
  return lines;
}

export interface ErrorText {
  /** `String(err.stack)` (or Error.prototype.toString's text when there is none). */
  readonly stack: string;
  readonly name: string;
  readonly message: string;
  /** The cause's stack when the cause is an error (for folding shared frames). */
  readonly causeStack?: string;
}

/**
 * An error as node's formatError prints it: its stack (improved), in brackets when the stack has
 * no frames (`[Error: boom]`, which is how an interpreter's frameless errors print), indented
 * to the level it is nested at.
 */
export function errorBase(err: ErrorText, constructor: string | null, tag: string, indentationLvl: number): string {
  let stack = improveStack(err.stack, constructor, err.name, tag);
  // The message may itself contain '\n    at': look for frames only after it.
  let pos = (err.message && stack.indexOf(err.message)) || -1;
  if (pos !== -1) pos += err.message.length;
  const stackStart = stack.indexOf('\n    at', pos);
  if (stackStart === -1) {
    stack = `[${stack}]`;
  } else {
    const lines = stackFrames(stack.slice(stackStart + 1), err.causeStack);
    stack = `${stack.slice(0, stackStart)}\n${lines.join('\n')}`;
  }
  if (indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(indentationLvl)}`);
  return stack;
}
