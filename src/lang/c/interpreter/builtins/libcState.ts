/**
 * The C library's own state in the simulated process, as plain data (checkpoints copy it):
 * the stdio buffers (their bytes live in heap memory, as glibc's do), the input text behind
 * stdin and how far it was read, and rand()'s state.
 */
export interface LibcState {
  /** stdout's buffer (malloc'd by the first output), 0 until then, and the bytes waiting in it. */
  stdoutBuffer: number;
  stdoutLength: number;
  /** stdin's buffer, and the unread part of it [stdinRead, stdinEnd). */
  stdinBuffer: number;
  stdinRead: number;
  stdinEnd: number;
  /** What read(0, ...) returns: the text given as standard input, and how much was read. */
  input: Uint8Array;
  inputOffset: number;
  /** glibc's random_r TYPE_3 state (r[i] and the front/rear indexes), created by srand/rand. */
  randState: number[] | null;
  randFront: number;
  randRear: number;
  abortPrinted: boolean;
  abortMessage: string;
}

export function newLibcState(input: Uint8Array = new Uint8Array(0)): LibcState {
  return {
    stdoutBuffer: 0, stdoutLength: 0, stdinBuffer: 0, stdinRead: 0, stdinEnd: 0, input, inputOffset: 0,
    randState: null, randFront: 0, randRear: 0, abortPrinted: false, abortMessage: '',
  };
}
