import * as assert from 'node:assert/strict';
import { compileProgram } from '../../../../../src/lang/c/interpreter/compileProgram';
import { testParser } from '../../../cProgram';
import { errorsOf, returns, runC, startC } from './runC';

const STDARG = '#include <stdarg.h>';

/**
 * Functions with `...` and <stdarg.h> as gcc implements them on x86-64 (SysV ABI 3.5.7): the
 * prologue saves the argument registers in a register save area in the frame, va_list is the
 * ABI's 24-byte __va_list_tag in the function's memory, and va_arg walks the saved registers and
 * then the caller's stack arguments. Expected values are gcc 12's; the corpus programs
 * varargs_sum.c and varargs_abi.c compare whole runs with gcc.
 */
describe('C interpreter: variadic functions', () => {
  const SUM = `${STDARG}\nlong sum(int n, ...) { va_list ap; va_start(ap, n); long t = 0; for (int i = 0; i < n; i++) t += va_arg(ap, long); va_end(ap); return t; }`;

  it('va_arg takes integers from the saved registers, then from the caller\'s stack', async () => {
    await returns(0, 'return sum(0);', SUM);
    await returns(45, 'return sum(9, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);', SUM);
  });

  it('doubles come from the SSE registers, then share the stack with integers in order', async () => {
    const MIX = `${STDARG}\ndouble mix(int n, ...) { va_list ap; va_start(ap, n); double t = 0; for (int i = 0; i < n; i++) { t += va_arg(ap, double); t *= va_arg(ap, int); } va_end(ap); return t; }`;
    await returns(1, 'return mix(10, 1.0, 1, 2.0, 1, 3.0, 1, 4.0, 1, 5.0, 1, 6.0, 1, 7.0, 1, 8.0, 1, 9.0, 1, 10.0, 2) == 110.0;', MIX);
    await returns(1, 'float f = 2.5f; return mix(1, f, 2) == 5.0;', MIX); // float arrives promoted to double
  });

  it('pointers, va_copy, and a va_list passed on to another function', async () => {
    const STRINGS = `${STDARG}\n#include <string.h>
size_t lengths(const char *first, ...) { va_list ap; va_start(ap, first); size_t n = 0; for (const char *s = first; s; s = va_arg(ap, const char *)) n += strlen(s); va_end(ap); return n; }
int take(va_list ap) { return va_arg(ap, int); }
int twice(int n, ...) { va_list ap, copy; va_start(ap, n); va_copy(copy, ap); int a = take(ap); int b = va_arg(copy, int); va_end(copy); va_end(ap); return a * 10 + b; }`;
    await returns(13, 'return lengths("stack", "heap", "mmap", (char *)0);', STRINGS);
    await returns(77, 'return twice(1, 7);', STRINGS);
  });

  it('a variadic function called through a pointer', async () => {
    await returns(6, 'long (*f)(int, ...) = sum; return f(3, 1L, 2L, 3L);', SUM);
  });

  it('vprintf and vsnprintf format from a va_list', async () => {
    const run = await runC(`#include <stdio.h>\n${STDARG}
void say(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vprintf(fmt, ap); va_end(ap); }
int into(char *b, size_t n, const char *fmt, ...) { va_list ap; va_start(ap, fmt); int r = vsnprintf(b, n, fmt, ap); va_end(ap); return r; }
int main(void) { char b[8]; say("%d-%s-%.2f|", 42, "x", 0.5); int r = into(b, sizeof b, "%d %d %d", 111, 222, 333); printf("%s %d\\n", b, r); return 0; }\n`);
    assert.equal(run.stdout, '42-x-0.50|111 222 11\n');
  });

  it('the stack view shows the register save area below rbp and va_list\'s fields', async () => {
    const s = await startC(`${SUM}\nint main(void) {\n  return (int)sum(2, 40L, 2L);\n}\n`);
    s.stepIn();
    s.stepIn();
    s.stepIn();
    const frame = s.snapshot().frames[0];
    assert.equal(frame.functionName, 'sum');
    const area = frame.slots.find((x) => x.name === '(register save area)')!;
    assert.equal(area.offset, -176);
    assert.match(area.value, /^\{gp = \{[^,]+, 40, 2, /);
    const ap = frame.slots.find((x) => x.name === 'ap')!;
    assert.match(ap.value, /^\{\{gp_offset = 8, fp_offset = 48, overflow_arg_area = 0x[0-9a-f]+, reg_save_area = 0x[0-9a-f]+\}\}$/);
  });

  it('arguments beyond the registers are in the caller\'s stack argument area, part of the callee\'s frame', async () => {
    const s = await startC(`${SUM}\nint main(void) {\n  return (int)sum(7, 1L, 2L, 3L, 4L, 5L, 6L, 7L);\n}\n`);
    s.stepIn();
    const vm = s.program.vm!;
    const frame = vm.process.callStack.top!;
    assert.equal(frame.functionName, 'sum');
    const described = vm.process.describeAddress(frame.rbp + 24);
    assert.equal(described.slot?.name, '(... argument 2)');
    assert.equal(vm.mem.readI64(frame.rbp + 24), 7);
  });

  it('misuse is an error in gcc\'s words; va_arg of a struct is not supported yet', async () => {
    assert.deepEqual(await errorsOf(`${STDARG}\nint f(int n) { va_list ap; va_start(ap, n); return 0; }\nint main(void) { return f(1); }\n`), ["'va_start' used in function with fixed arguments"]);
    assert.match((await errorsOf(`${STDARG}\nint f(int n, ...) { va_list ap; va_start(ap, n); char c = va_arg(ap, char); return c; }\nint main(void) { return f(1, 'a'); }\n`))[0], /^'char' is promoted to 'int' when passed through '\.\.\.'/);
    assert.match((await errorsOf(`${STDARG}\nint f(int n, ...) { va_list ap; va_start(ap, n); return va_arg(ap, float) > 0; }\nint main(void) { return f(1, 1.0); }\n`))[0], /^'float' is promoted to 'double'/);
    assert.match((await errorsOf(`${STDARG}\nstruct p { int x; };\nint f(int n, ...) { va_list ap; va_start(ap, n); return va_arg(ap, struct p).x; }\nint main(void) { return 0; }\n`))[0], /va_arg of a struct \('struct p'\) is not supported yet/);
    assert.deepEqual(await errorsOf(`${STDARG}\nint f(int n, ...) { int x = 0; return va_arg(x, int); }\nint main(void) { return 0; }\n`), ["first argument to 'va_arg' not of type 'va_list'"]);
    const warned = compileProgram(await testParser(), `${STDARG}\nint f(int n, int m, ...) { va_list ap; va_start(ap, n); va_end(ap); return m; }\nint main(void) { return f(1, 2); }\n`, 'test.c');
    assert.deepEqual(warned.diagnostics.map((d) => `${d.severity}: ${d.message}`), ["warning: second parameter of 'va_start' not last named argument"]);
  });
});
