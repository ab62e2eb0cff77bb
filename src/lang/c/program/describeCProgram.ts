import type { ImageSnapshot } from '../../../shared/imageSnapshot';
import { analyzeProgram } from '../analyzeProgram';
import type { CParser } from '../parser';
import { buildProcessImage } from '../../../engine/image/processImage';
import { imageSnapshot } from '../../../engine/image/imageSnapshot';

/**
 * The process image of a C file at `main`'s entry, as the panel, the hover and the CLI show it.
 * One function serves all three so they can never disagree.
 */
export function describeCProgram(parser: CParser, text: string, source: string): ImageSnapshot {
  const analyzed = analyzeProgram(parser, text, source);
  return imageSnapshot(buildProcessImage(analyzed.program), source, analyzed.diagnostics);
}
