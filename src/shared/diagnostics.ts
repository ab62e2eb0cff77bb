/**
 * A problem in a user's program, found before or while it runs. Lines and columns are 1-based,
 * as compilers print them (`file.c:3:7`); the end column is exclusive. The editor converts them
 * to its own 0-based positions.
 */
export interface SourceRange {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly range: SourceRange;
  /**
   * Stable identifier of the kind of problem, e.g. `syntax`, `unsupported`, `unknown-type`,
   * `preprocessor`. `unsupported` always names the construct in its message.
   */
  readonly code: string;
}

export function rangeAt(line: number, startColumn: number, endColumn = startColumn + 1): SourceRange {
  return { startLine: line, startColumn, endLine: line, endColumn };
}

/** `file.c:3:7: error: message`, as gcc prints it. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.startLine}:${d.range.startColumn}: ${d.severity}: ${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
