import type { ProgramDescription } from '../../../../src/engine/image/programObjects';

/** A minimal C program: main, one initialized global, one string literal, calling puts. */
export const SMALL_PROGRAM: ProgramDescription = {
  path: '/home/student/a.out',
  objects: [
    { name: 'main', sourceName: 'main', kind: 'function', section: 'text', size: 0x40, align: 1, typeName: 'int (void)', binding: 'global', position: { line: 3, column: 1 }, sizeIsEstimate: true },
    { name: 'counter', sourceName: 'counter', kind: 'variable', section: 'data', size: 4, align: 4, typeName: 'int', binding: 'global', position: { line: 1, column: 1 } },
    { name: '.LC0', sourceName: 'hello', kind: 'string-literal', section: 'rodata', size: 6, align: 1, typeName: 'char[6]', binding: 'local', position: { line: 4, column: 10 } },
  ],
  importedFunctions: ['puts'],
};
