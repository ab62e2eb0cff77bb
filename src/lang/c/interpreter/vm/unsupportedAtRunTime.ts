/**
 * A valid C program asked the library for something the simulation does not implement (scanf's
 * %ms, a positional %1$d, ...), known only when the call runs because the format can be built at
 * run time. The machine stops the process and names what it could not do, rather than guess.
 */
export class UnsupportedAtRunTime extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedAtRunTime';
  }
}
