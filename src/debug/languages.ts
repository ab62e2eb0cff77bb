import * as path from 'path';
import type { Language } from '../engine/program/language';
import { cLanguage } from '../lang/c/program/cLanguage';
import { jsLanguage } from '../lang/js/jsLanguage';

/** The languages a Memory Atlas debug session runs, with the parsers' files in `wasmDir` (next to the bundle). */
export function memoryAtlasLanguages(wasmDir: string): Language[] {
  return [cLanguage((file) => path.join(wasmDir, file)), jsLanguage()];
}
