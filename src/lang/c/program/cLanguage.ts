import type { Language } from '../../../engine/program/language';
import type { ProgramOptions } from '../../../engine/program/programOptions';
import { CParser, type WasmLocator } from '../parser';
import { CProgram } from './cProgram';

/** C for the session layer: tree-sitter's runtime and grammar are loaded on the first file. */
export function cLanguage(locate: WasmLocator): Language {
  let parser: Promise<CParser> | undefined;
  return {
    id: 'c',
    extensions: ['.c'],
    async open(text: string, source: string, options: ProgramOptions): Promise<CProgram> {
      parser ??= CParser.create(locate);
      return CProgram.create(await parser, text, source, options);
    },
  };
}
