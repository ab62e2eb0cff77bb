/** The debug type of Memory Atlas's adapter (package.json's `debuggers`), apart from the adapter so that naming it loads nothing. */
export const DEBUG_TYPE = 'memory-atlas';
