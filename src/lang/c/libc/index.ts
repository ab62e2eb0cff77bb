/** The C library pieces the interpreter calls; see README.md for what each file reproduces. */
export { formatPrintf, runPrintf, PrintfFailure, type PrintfResult } from './formatPrintf';
export type { PrintfArguments } from './printfArguments';
export { storeSprintf, storeSnprintf } from './sprintf';
export { strerrorText } from './strerror';
export { scanFormatted, ScanfUnsupported, type ScanTargets } from './scanf';
export { ByteCursor, MemoryStringCursor, type InputCursor } from './inputCursor';
export { strtol, strtoul, strtoll, strtoull, atoi, atol, atoll, type StrtolResult, type ByteReader } from './strtol';
export { strtod, strtof, strtold, atof, type StrtodResult } from './strtod';
export { GlibcRandom, randR, RAND_MAX } from './rand';
export { qsort, qsortSteps, quicksortSteps, runSort, bsearch, bsearchSteps, type QsortHost, type Comparison, type SortSteps, type QsortStrategy } from './qsort';
export * as stringH from './stringFunctions';
export * as ctype from './ctype';
export { x87ExtendedBytes } from './longDouble';
export { EBADF, EINVAL, ERANGE, EOVERFLOW, EILSEQ } from './errno';
