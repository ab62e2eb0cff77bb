import * as acorn from 'acorn';
import type { Diagnostic, SourceRange } from '../../../shared/diagnostics';
import { findUnsupported } from './unsupported';
import { checkSourceText } from '../../sourceText';

/** A parsed script, or why it cannot run. */
export interface ParsedProgram {
  readonly program?: acorn.Program;
  readonly diagnostics: readonly Diagnostic[];
}

export function rangeOf(node: acorn.Node): SourceRange {
  const l = node.loc!;
  return { startLine: l.start.line, startColumn: l.start.column + 1, endLine: l.end.line, endColumn: l.end.column + 1 };
}

/**
 * Parses a file as node runs a .js file: a CommonJS script (not a module), the latest syntax.
 * A syntax error is one diagnostic at its position (acorn's message without its "(line:col)");
 * constructs and built-ins the interpreter does not implement are diagnostics naming them.
 */
export function parseProgram(text: string): ParsedProgram {
  // A file of megabytes or of binary data is one diagnostic, before acorn reads it.
  const checked = checkSourceText(text);
  if (checked.diagnostics.length) return { diagnostics: checked.diagnostics };
  let program: acorn.Program;
  try {
    program = acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowHashBang: true, allowReturnOutsideFunction: true });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    const line = err.loc?.line ?? 1;
    const column = (err.loc?.column ?? 0) + 1;
    if (/^Not enough stack space/.test(err.message) || (e instanceof RangeError && /call stack/.test(e.message))) {
      // acorn, a recursive-descent parser, turns its host's stack overflow into this error.
      const message = 'this code is nested too deeply to parse: the parser ran out of stack here (node\'s own parser gives up too, with "RangeError: Maximum call stack size exceeded", near 1,500 levels of brackets)';
      return { diagnostics: [{ severity: 'error', code: 'too-deep', message, range: { startLine: line, startColumn: column, endLine: line, endColumn: column + 1 } }] };
    }
    const message = String(err.message).replace(/\s*\(\d+:\d+\)$/, '');
    return { diagnostics: [{ severity: 'error', code: 'syntax', message: `SyntaxError: ${message}`, range: { startLine: line, startColumn: column, endLine: line, endColumn: column + 1 } }] };
  }
  return { program, diagnostics: findUnsupported(program) };
}
