import type { Language } from '../engine/program/language';
import type { LanguageId } from '../engine/program/steppableProgram';
import { type Annotations, parseAnnotations } from '../shared/annotations';
import { Session, type SessionOptions } from './session';

/** The language whose extensions match the file's name, else the one named (a file whose name says nothing: an untitled buffer). */
export function languageFor(languages: readonly Language[], fileName: string, fallback?: LanguageId): Language | undefined {
  const lower = fileName.toLowerCase();
  return languages.find((l) => l.extensions.some((e) => lower.endsWith(e))) ?? languages.find((l) => l.id === fallback);
}

/**
 * A session on a file, in the language its name says, with the run settings of its annotations
 * under the caller's options. Throws UnknownLanguage for a file no language claims (the caller
 * says so to the user).
 */
export async function openSession(languages: readonly Language[], fileName: string, text: string, options: SessionOptions = {}, fallback?: LanguageId): Promise<Session> {
  const language = languageFor(languages, fileName, fallback);
  if (!language) throw new UnknownLanguage(fileName, languages);
  const settled = withAnnotatedSettings(options, parseAnnotations(text));
  return new Session(await language.open(text, fileName, settled), settled);
}

/**
 * The run settings of a file's annotations under the options a caller gives (the caller's win):
 * RAM, swap and the step limit. The allocator is applied by the C program itself, with the same
 * precedence (options, annotation, default), and the collector by the JavaScript one.
 */
export function withAnnotatedSettings(options: SessionOptions, annotations: Pick<Annotations, 'settings'>): SessionOptions {
  const s = annotations.settings;
  return {
    ...options,
    ...(options.ramBytes === undefined && s.ramBytes !== undefined ? { ramBytes: s.ramBytes } : {}),
    ...(options.swapBytes === undefined && s.swapBytes !== undefined ? { swapBytes: s.swapBytes } : {}),
    ...(options.maxSteps === undefined && s.stepLimit !== undefined ? { maxSteps: s.stepLimit } : {}),
  };
}

export class UnknownLanguage extends Error {
  constructor(fileName: string, languages: readonly Language[]) {
    super(`Memory Atlas runs ${languages.flatMap((l) => l.extensions).join(', ')} files; ${fileName.split(/[\\/]/).pop()} is none of them`);
  }
}
