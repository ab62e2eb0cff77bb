import type { GlibcRandom } from '../../libc/rand';
import type { FileStream } from './fileStreams';

/**
 * The C library's own state in the simulated process, as plain data (checkpoints copy it):
 * the stdio buffers (their bytes live in heap memory, as glibc's do), the input text behind
 * stdin and how far it was read, rand()'s generator, strtok's position and the atexit handlers.
 */
export interface LibcState {
  /** stdout's buffer (malloc'd by the first output), 0 until then, and the bytes waiting in it. */
  stdoutBuffer: number;
  stdoutLength: number;
  /**
   * stdout is a terminal (a debugger's console) rather than a pipe: glibc then line-buffers it,
   * in a buffer of the terminal's st_blksize (1024 bytes) instead of the pipe's 4096.
   */
  readonly stdoutIsTerminal: boolean;
  /** stdin's buffer, and the unread part of it [stdinRead, stdinEnd). */
  stdinBuffer: number;
  stdinRead: number;
  stdinEnd: number;
  /** stdin's end-of-file indicator: a read found no more input (feof). */
  stdinEof: boolean;
  /** What read(0, ...) returns: the text given as standard input, and how much was read. */
  input: Uint8Array;
  inputOffset: number;
  /** rand()'s state, created by the first rand or srand. */
  random?: GlibcRandom;
  /** Where strtok(NULL, ...) continues (0: nothing left). */
  strtokNext: number;
  abortPrinted: boolean;
  abortMessage: string;
  /** Streams fopen opened and fclose has not closed, oldest first. */
  streams: FileStream[];
  /** The atexit handlers, in glibc's blocks of 32 (see exitHandlers.ts); the newest block last. */
  exitFunctions: ExitFunctionList[];
}

/** One of glibc's `struct exit_function_list`: its heap block (0 for the static first one) and its handlers in order. */
export interface ExitFunctionList {
  readonly block: number;
  readonly handlers: number[];
}

/** ld.so's _dl_fini, which glibc's start-up registers first (it has nothing to do in the simulated process). */
export const DL_FINI = -1;

export function newLibcState(input: Uint8Array = new Uint8Array(0), stdoutIsTerminal = false): LibcState {
  return {
    stdoutBuffer: 0, stdoutLength: 0, stdoutIsTerminal, stdinBuffer: 0, stdinRead: 0, stdinEnd: 0, stdinEof: false, input, inputOffset: 0,
    strtokNext: 0, streams: [], abortPrinted: false, abortMessage: '', exitFunctions: [{ block: 0, handlers: [DL_FINI] }],
  };
}
