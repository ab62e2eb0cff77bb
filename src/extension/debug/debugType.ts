/** The debug type of Memory Atlas's adapter (package.json's `debuggers`), apart from the adapter so that naming it loads nothing. */
export const DEBUG_TYPE = 'memory-atlas';

/** The editor's language ids the debugger runs (package.json's `debuggers[].languages`), and the launch `language` of each. */
export const STEPPABLE_LANGUAGES: Readonly<Record<string, 'c' | 'js'>> = { c: 'c', javascript: 'js' };
