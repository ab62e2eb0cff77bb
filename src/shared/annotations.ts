import { type AllocatorName, allocatorNameProblem } from './allocators';
import { type Diagnostic, rangeAt } from './diagnostics';

/**
 * Annotations: run settings written in a snippet's comments, one per line, in C and JavaScript alike:
 *
 *     // @atlas allocator: first-fit
 *     /* @atlas allocator: buddy *\/
 *
 * `@atlas`, a key, a colon and a value, in a line comment (after code too), a one-line block
 * comment, or a line of a block comment (a leading `*` is allowed). Keys this version knows are in RUN_SETTING_KEYS;
 * another key is a warning (it may belong to a newer version), a bad value an error at the value.
 */
export interface RunSettings {
  readonly allocator?: AllocatorName;
}

export interface Annotations {
  readonly settings: RunSettings;
  readonly diagnostics: readonly Diagnostic[];
}

export const RUN_SETTING_KEYS = ['allocator'] as const;

/** `@atlas` at the start of a line (or of a block comment's line), or after `//` or `/*` anywhere in it. */
const ANNOTATION = /(?:^\s*\*?|\/\/|\/\*)\s*(@atlas)\b(.*)$/;
const KEY_VALUE = /^(\s+)([A-Za-z][\w-]*)\s*:\s*(.*?)\s*(?:\*\/\s*)?$/;

/** The annotations of a source text. It looks at comments only as far as a line can tell. */
export function parseAnnotations(text: string): Annotations {
  const settings: { allocator?: AllocatorName } = {};
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = ANNOTATION.exec(lines[i]);
    if (!m) continue;
    const line = i + 1;
    const atColumn = m.index + m[0].indexOf('@atlas') + 1;
    const kv = KEY_VALUE.exec(m[2]);
    if (!kv) {
      diagnostics.push(problem('error', line, atColumn, atColumn + 6, `an annotation is '@atlas key: value', e.g. '@atlas allocator: first-fit'`));
      continue;
    }
    const key = kv[2];
    const value = kv[3];
    const keyColumn = atColumn + 6 + kv[1].length;
    const valueColumn = atColumn + 6 + m[2].indexOf(value, kv[1].length + key.length);
    if (!(RUN_SETTING_KEYS as readonly string[]).includes(key)) {
      diagnostics.push(problem('warning', line, keyColumn, keyColumn + key.length, `unknown annotation '@atlas ${key}' (this version knows: ${RUN_SETTING_KEYS.join(', ')}); it is ignored`));
      continue;
    }
    if (seen.has(key)) {
      diagnostics.push(problem('warning', line, keyColumn, keyColumn + key.length, `'@atlas ${key}' is given again; the first one counts`));
      continue;
    }
    seen.add(key);
    const bad = allocatorNameProblem(value);
    if (bad !== undefined) {
      diagnostics.push(problem('error', line, valueColumn, valueColumn + Math.max(value.length, 1), bad));
      continue;
    }
    settings.allocator = value as AllocatorName;
  }
  return { settings, diagnostics };
}

function problem(severity: 'error' | 'warning', line: number, start: number, end: number, message: string): Diagnostic {
  return { severity, message, range: rangeAt(line, start, end), code: 'annotation' };
}
