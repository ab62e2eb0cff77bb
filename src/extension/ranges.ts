import * as vscode from 'vscode';
import type { Diagnostic, SourceRange } from '../shared/diagnostics';

/** Our ranges are 1-based with an exclusive end column; VS Code's are 0-based. */
export function toVsRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.startLine - 1, range.startColumn - 1, range.endLine - 1, range.endColumn - 1);
}

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVsRange(d.range), d.message, SEVERITY[d.severity]);
  diagnostic.source = 'Memory Atlas';
  diagnostic.code = d.code;
  return diagnostic;
}
