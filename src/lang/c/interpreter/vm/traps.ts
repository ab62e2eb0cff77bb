/**
 * An arithmetic exception the CPU raises (#DE from idiv: division by zero, or a quotient that
 * does not fit such as INT_MIN / -1); the kernel turns it into SIGFPE.
 */
export class ArithmeticTrap extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArithmeticTrap';
  }
}
