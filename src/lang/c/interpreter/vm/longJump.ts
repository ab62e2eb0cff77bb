/**
 * What longjmp's implementation returns to the machine: it has already unwound the activations
 * above the one that called setjmp and stored setjmp's second return value there, so the machine
 * only goes on with the new innermost activation (it stores no result itself).
 */
export class LongJump {
  static readonly INSTANCE = new LongJump();
}
