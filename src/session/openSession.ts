import type { Language } from '../engine/program/language';
import { Session, type SessionOptions } from './session';

/** The language whose extensions match the file's name, if any. */
export function languageFor(languages: readonly Language[], fileName: string): Language | undefined {
  const lower = fileName.toLowerCase();
  return languages.find((l) => l.extensions.some((e) => lower.endsWith(e)));
}

/**
 * A session on a file, in the language its name says. Throws UnknownLanguage for a file no
 * language claims (the caller says so to the user).
 */
export async function openSession(languages: readonly Language[], fileName: string, text: string, options: SessionOptions = {}): Promise<Session> {
  const language = languageFor(languages, fileName);
  if (!language) throw new UnknownLanguage(fileName, languages);
  return new Session(await language.open(text, fileName, options), options);
}

export class UnknownLanguage extends Error {
  constructor(fileName: string, languages: readonly Language[]) {
    super(`Memory Atlas runs ${languages.flatMap((l) => l.extensions).join(', ')} files; ${fileName.split(/[\\/]/).pop()} is none of them`);
  }
}
