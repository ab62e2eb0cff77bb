import { describeCProgram } from '../lang/c/program/describeCProgram';
import type { CParser } from '../lang/c/parser';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../shared/diagnostics';
import { formatMapsText, mapsReportFrom } from '../shared/mapsReport';

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** `memory-atlas maps FILE`: the image as text (maps + symbols) or as one JSON document. */
export function mapsCommand(parser: CParser, text: string, file: string, json: boolean, inputDiagnostics: readonly Diagnostic[] = []): CommandOutput {
  const described = describeCProgram(parser, text, file);
  const snapshot = inputDiagnostics.length ? { ...described, diagnostics: [...inputDiagnostics, ...described.diagnostics] } : described;
  const stderr = snapshot.diagnostics.map((d) => formatDiagnostic(file, d) + '\n').join('');
  const exitCode = hasErrors(snapshot.diagnostics) ? 1 : 0;
  const stdout = json ? JSON.stringify(mapsReportFrom(snapshot), null, 2) + '\n' : formatMapsText(snapshot);
  return { stdout, stderr: json ? '' : stderr, exitCode };
}
