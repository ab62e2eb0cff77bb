import * as acorn from 'acorn';
import type { Diagnostic, SourceRange } from '../../../shared/diagnostics';
import { findUnsupported } from './unsupported';

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
  let program: acorn.Program;
  try {
    program = acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowHashBang: true, allowReturnOutsideFunction: true });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    const line = err.loc?.line ?? 1;
    const column = (err.loc?.column ?? 0) + 1;
    const message = String(err.message).replace(/\s*\(\d+:\d+\)$/, '');
    return { diagnostics: [{ severity: 'error', code: 'syntax', message: `SyntaxError: ${message}`, range: { startLine: line, startColumn: column, endLine: line, endColumn: column + 1 } }] };
  }
  return { program, diagnostics: findUnsupported(program) };
}
