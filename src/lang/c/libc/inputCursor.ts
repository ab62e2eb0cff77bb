import type { MemoryAccess } from '../../../engine/memory/memoryAccess';

/**
 * The input scanf reads: a stream with one byte of push-back, as glibc's vfscanf uses a FILE
 * (inchar / ungetc). For stdin the interpreter reads through stdin's buffer in the simulated heap
 * (StdinCursor in interpreter/builtins/stdio.ts); for sscanf the string in simulated memory is read
 * lazily, so scanning stops reading at the byte C would.
 */
export interface InputCursor {
  /** The next byte, consumed; -1 at the end of the input. */
  read(): number;
  /** Puts back the byte the last read() returned (never called after a read() that returned -1). */
  unread(): void;
}

/** A cursor over bytes in host memory; `position` is how much has been consumed. */
export class ByteCursor implements InputCursor {
  position = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(): number {
    return this.position < this.bytes.length ? this.bytes[this.position++] : -1;
  }
  unread(): void {
    this.position--;
  }
}

/** sscanf's input: the NUL-terminated string at `addr`, read one byte at a time. */
export class MemoryStringCursor implements InputCursor {
  position = 0;
  constructor(
    private readonly memory: MemoryAccess,
    private readonly addr: number,
  ) {}
  read(): number {
    const b = this.memory.read8(this.addr + this.position);
    if (b === 0) return -1;
    this.position++;
    return b;
  }
  unread(): void {
    this.position--;
  }
}
