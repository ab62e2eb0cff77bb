import { type Int64, lowI32 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { CallInstr } from '../lower/instructions';
import type { Machine } from '../vm/machine';
import { LongJump } from '../vm/longJump';
import { UnsupportedAtRunTime } from '../vm/unsupportedAtRunTime';

/**
 * <setjmp.h>: setjmp records where its caller is (the frame, its rbp and rsp, the instruction
 * after the call) and returns 0; longjmp unwinds every frame above that one — as if each had
 * returned at once — puts rsp and rbp back, and makes the setjmp call return again with longjmp's
 * value (1 for 0). As gcc -O0 keeps locals in memory, a local changed between the two keeps its
 * new value (the "use volatile" caveat is about optimized code).
 *
 * The jmp_buf gets the words glibc's __sigsetjmp writes on x86-64: rbx, rbp, r12-r15, rsp and the
 * return address, rbp, rsp and the address mangled with the pointer guard (PTR_MANGLE: xor with
 * the guard from AT_RANDOM's second 8 bytes, rotated left 17) — the other registers are 0, the
 * simulation has none — and __mask_was_saved = 0 (setjmp does not save the signal mask).
 */
export interface JumpTarget {
  /** The jmp_buf's address. */
  readonly env: number;
  /** How many activations there were, the setjmp caller's being the innermost. */
  readonly depth: number;
  readonly rbp: number;
  readonly rsp: number;
  /** Where the caller goes on after the setjmp call, and the temporary its result goes into. */
  readonly pc: number;
  readonly resultTemp: number;
  /** The words written into the jmp_buf, to know it was not overwritten since. */
  readonly words: readonly string[];
}

const JMPBUF_WORDS = 8;

function rotateLeft17(x: bigint): bigint {
  const v = BigInt.asUintN(64, x);
  return BigInt.asUintN(64, (v << 17n) | (v >> 47n));
}

function pointerGuard(vm: Machine): bigint {
  const bytes = vm.process.mmu.readBytes(vm.process.image.stack.randomBytesAddress + 8, 8);
  return new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true);
}

function jmpbufWords(vm: Machine, rbp: number, rsp: number, rip: number): bigint[] {
  const guard = pointerGuard(vm);
  const mangle = (x: number) => rotateLeft17(BigInt(x) ^ guard);
  return [0n, mangle(rbp), 0n, 0n, 0n, 0n, mangle(rsp), mangle(rip)];
}

export const SETJMP = {
  setjmp(vm: Machine, args: Value[], call: CallInstr): Value {
    const env = vm.mem.address(args[0] as Int64, 'write');
    const caller = vm.acts[vm.acts.length - 1];
    const rsp = vm.process.callStack.registers.rsp;
    const words = jmpbufWords(vm, caller.rbp, rsp, vm.ripOf(caller));
    const bytes = new Uint8Array(JMPBUF_WORDS * 8 + 4);
    const view = new DataView(bytes.buffer);
    words.forEach((w, i) => view.setBigUint64(i * 8, w, true));
    vm.mem.writeBytes(env, bytes);
    const target: JumpTarget = {
      env, depth: vm.acts.length, rbp: caller.rbp, rsp, pc: caller.pc, resultTemp: call.result, words: words.map(String),
    };
    vm.libc.jumpTargets = [...vm.libc.jumpTargets.filter((t) => t.env !== env), target];
    return 0;
  },
  longjmp(vm: Machine, args: Value[]): Value {
    const env = vm.mem.address(args[0] as Int64, 'read');
    const value = lowI32(args[1] as Int64);
    const target = vm.libc.jumpTargets.find((t) => t.env === env);
    if (!target) throw new UnsupportedAtRunTime('longjmp with a jmp_buf that setjmp did not fill');
    const stored = vm.mem.readBytes(env, JMPBUF_WORDS * 8);
    const view = new DataView(stored.buffer, stored.byteOffset);
    if (target.words.some((w, i) => String(view.getBigUint64(i * 8, true)) !== w)) {
      throw new UnsupportedAtRunTime('longjmp with a jmp_buf whose saved registers were overwritten since setjmp');
    }
    const frame = vm.acts[target.depth - 1];
    if (target.depth > vm.acts.length || frame === undefined || frame.rbp !== target.rbp) {
      throw new UnsupportedAtRunTime('longjmp to a setjmp whose function has returned (its frame is gone: undefined behaviour)');
    }
    if (vm.natives.length > 0) throw new UnsupportedAtRunTime('longjmp out of a function the C library called back (a qsort comparator, an atexit handler)');
    vm.unwindTo(target.depth);
    const stack = vm.process.callStack;
    // A VLA made after setjmp is given back with the frames: rsp is what setjmp saw.
    const before = stack.registers.rsp;
    if (before !== target.rsp) {
      stack.release(target.rsp);
      vm.checker?.stackReleased(before, target.rsp);
    }
    frame.pc = target.pc;
    if (target.resultTemp >= 0) frame.t[target.resultTemp] = value === 0 ? 1 : value;
    return LongJump.INSTANCE as unknown as Value;
  },
  _setjmp(vm: Machine, args: Value[], call: CallInstr): Value {
    return SETJMP.setjmp(vm, args, call);
  },
  _longjmp(vm: Machine, args: Value[]): Value {
    return SETJMP.longjmp(vm, args);
  },
};
