import { type Int64, lowI32, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import { NativeCall, type ProgramCall } from '../vm/nativeCall';
import { DL_FINI } from './libcState';

/**
 * atexit and exit as glibc 2.36 does them. Handlers are kept in `struct exit_function_list`
 * blocks of 32 entries: the first is static in libc and already holds ld.so's _dl_fini
 * (registered by the start-up code), each further one is calloc'd (1040 bytes) when the newest is
 * full. exit(), and a return from main (the start code calls exit with main's value), calls the
 * handlers newest first, each removed before it is called: a handler that registers another
 * makes it run next, and one that calls exit continues the same list under a new status. A
 * calloc'd block is freed once it is empty. Then stdio's buffers are flushed and the process
 * ends. The handlers run as ordinary calls from exit's frame, so they can be stepped into.
 */
const LIST_SIZE = 32;
/** sizeof(struct exit_function_list): next, idx, and 32 entries of 32 bytes. */
const LIST_BYTES = 1040;

export const EXIT_HANDLERS = {
  atexit(vm: Machine, args: Value[]): Value {
    const lists = vm.libc.exitFunctions;
    if (lists[lists.length - 1].handlers.length === LIST_SIZE) {
      const block = vm.process.allocator.calloc(1, LIST_BYTES);
      if (block === 0) return -1;
      lists.push({ block, handlers: [] });
    }
    lists[lists.length - 1].handlers.push(toNumber(args[0] as Int64));
    return 0;
  },
  exit(vm: Machine, args: Value[]): Value | NativeCall {
    const status = lowI32(args[0] as Int64);
    const handlers = exitHandlers(vm, status);
    if (handlers) return handlers;
    vm.flushStdout();
    return vm.process.kernel.exit(status);
  },
};

/** exit's run through the handlers, ending the process with `status`; undefined when there are none. */
export function exitHandlers(vm: Machine, status: number): NativeCall | undefined {
  if (!vm.libc.exitFunctions.some((list) => list.handlers.some((h) => h !== DL_FINI))) return undefined;
  return new NativeCall('exit', undefined, () => calls(vm), () => {
    vm.flushStdout();
    return vm.process.kernel.exit(status);
  }, 0);
}

function* calls(vm: Machine): Generator<ProgramCall, void, number> {
  for (;;) {
    // Read afresh each time: a handler may register more, or have restored an earlier state.
    const lists = vm.libc.exitFunctions;
    const newest = lists[lists.length - 1];
    const handler = newest.handlers.pop();
    if (handler === undefined) {
      if (lists.length === 1) return;
      lists.pop();
      vm.process.allocator.free(newest.block);
      continue;
    }
    if (handler !== DL_FINI) yield { function: handler, args: [] };
  }
}
