import type { Language } from '../../engine/program/language';
import type { ProgramOptions } from '../../engine/program/programOptions';
import { JsProgram } from './program/jsProgram';

/** JavaScript for the session layer: `.js` (and CommonJS `.cjs`) files, run as node runs a script. */
export function jsLanguage(): Language {
  return {
    id: 'js',
    extensions: ['.js', '.cjs'],
    async open(text: string, source: string, options: ProgramOptions): Promise<JsProgram> {
      return JsProgram.create(text, source, options);
    },
  };
}
