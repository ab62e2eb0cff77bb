import type { ImageSnapshot } from '../../../shared/imageSnapshot';
import { analyzeProgram } from '../analyzeProgram';
import type { CParser } from '../parser';
import { buildProcessImage } from '../../../engine/image/processImage';
import { imageSnapshot } from '../../../engine/image/imageSnapshot';
import { compileProgram } from '../interpreter/compileProgram';

/**
 * The process image of a C file at `main`'s entry, as the panel, the hover and the CLI show it.
 * One function serves all three so they can never disagree. A file that compiles gets the image
 * gcc would link (which library calls survive gcc's folding is known only once it is checked);
 * one with errors still gets the layout of whatever could be understood.
 */
export function describeCProgram(parser: CParser, text: string, source: string): ImageSnapshot {
  const compiled = compileProgram(parser, text, source);
  if (compiled.checked) return imageSnapshot(buildProcessImage(compiled.description), source, compiled.diagnostics);
  const analyzed = analyzeProgram(parser, text, source);
  return imageSnapshot(buildProcessImage(analyzed.program), source, analyzed.diagnostics);
}
