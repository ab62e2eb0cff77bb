import { runCommand } from '../../../src/cli/runCommand';
import type { CParser } from '../../../src/lang/c/parser';
import type { RunReport } from '../../../src/shared/runReport';
import type { Mutant } from '../mutator';
import type { Comparison } from './comparison';
import { TOOLS, nativeFacts } from './nativeTools';

/** Errors that are not memory errors: what ended the run otherwise. */
const NOT_MEMORY = new Set(['abort', 'arithmetic', 'step-limit', 'unsupported']);

/**
 * A mutant against the real thing. The simulation runs with keep-going (as the unchecked build):
 * - where neither ASan nor Memcheck reports anything, it must report nothing either, and (when gcc
 *   does not warn) print what the native build prints and end the same way;
 * - where ASan reports an error, the simulation's first address error must be of the same kind at
 *   the same line; where Memcheck reports an uninitialised value, the simulation must report one
 *   at that line;
 * - going on past ASan's error, it must still print what the unchecked native build prints
 *   (unless undefined values are involved: then the bytes printed are garbage on both sides).
 */
export function differentialC(parser: CParser, mutant: Mutant): Comparison {
  if (!TOOLS.gcc) return { verdict: 'skipped', class: 'gcc not installed' };
  const stdin = mutant.stdin ?? '';
  const out = runCommand(parser, mutant.text, 'mutant.c', { json: true, stdin, keepGoing: true, maxSteps: 5_000_000 });
  const ours = JSON.parse(out.stdout) as RunReport;
  if (ours.internalError) return { verdict: 'skipped', class: 'internal error (a crash, counted apart)' };
  if (ours.diagnostics.some((d) => d.severity === 'error')) return { verdict: 'skipped', class: 'Memory Atlas does not run it' };
  if (ours.errors.some((e) => e.kind === 'step-limit')) return { verdict: 'skipped', class: 'step limit (5 million)' };
  if (ours.errors.some((e) => e.kind === 'unsupported')) return { verdict: 'skipped', class: 'unsupported at run time' };
  const native = nativeFacts(mutant.text, stdin);
  if (native.rejected) return { verdict: 'skipped', class: 'gcc rejects it', detail: native.rejected };
  if (!native.plain || native.plain.timedOut) return { verdict: 'skipped', class: 'native run times out' };

  const memory = ours.errors.filter((e) => !NOT_MEMORY.has(e.kind));
  const firstAddress = memory.find((e) => e.kind !== 'uninitialized-read');
  const ourText = memory.length ? memory.map((e) => `${e.kind}@${e.line}`).join(', ') : 'none';
  const tools = {
    ...(native.asan ? { asan: `${native.asan.kind}@${native.asan.line}` } : {}),
    ...(native.memcheck ? { memcheck: `${native.memcheck.kind}@${native.memcheck.line}` } : {}),
    ours: ourText,
  };
  const known = (cls: string, detail: string): Comparison => ({ verdict: 'known-limit', class: cls, detail, tools });
  // Undefined behaviour gcc warns of (a function falling off its end returns whatever rax held):
  // the simulation and the native build may both be right, differently.
  const disagree = (cls: string, detail: string): Comparison => native.warnings.length
    ? known(`undefined behaviour gcc warns of (${native.warnings.join(' ')})`, `${cls}: ${detail}`)
    : { verdict: 'disagree', class: cls, detail, tools };
  const first = memory[0];
  if (first?.kind === 'out-of-memory' && first.message.includes('simulated RAM + swap') && !native.asan) {
    return known('the simulated RAM + swap is smaller than the host\'s', `ours: ${first.message}`);
  }

  if (native.asan?.kind === 'arithmetic') {
    const ended = ours.errors.find((e) => e.kind === 'arithmetic');
    return ended?.line === native.asan.line ? { verdict: 'same', class: 'same SIGFPE', tools } : disagree('asan SIGFPE, ours not there', `ASan: FPE at line ${native.asan.line}; ours: ${ours.errors.map((e) => `${e.kind}@${e.line}`).join(', ') || 'none'}`);
  }
  if (native.asan) {
    const a = native.asan;
    if (!firstAddress) return disagree(`asan ${a.kind}, ours none`, `ASan: ${a.kind} at line ${a.line}; ours: ${ourText}`);
    if (a.kind === 'stack-overflow' && firstAddress.kind === 'stack-overflow' && firstAddress.line !== a.line) {
      return known("ASan's frames are larger (redzones): its stack overflows at another depth", `ASan: line ${a.line}; ours: line ${firstAddress.line}`);
    }
    if (a.kind === 'heap-buffer-overflow' && memory.some((e) => e.kind === 'uninitialized-read' && e.line === a.line)) {
      return known('ASan fills new blocks with 0xbe: an unwritten block read as a string runs past its end', `ASan: heap-buffer-overflow at line ${a.line}; ours: ${ourText}`);
    }
    // ASan names a fault in the zero page "SEGV on unknown address 0x0..." (a segfault); we name it.
    if (a.kind === 'segfault' && firstAddress.kind === 'null-dereference' && firstAddress.line === a.line) {
      return { verdict: 'same', class: 'same fault (ASan: SEGV in the zero page)', tools };
    }
    if (a.kind === 'segfault' && /-buffer-overflow$/.test(firstAddress.kind) && firstAddress.line === a.line) {
      return known('an index far past a named array: we check it against the array, ASan only sees its redzones (far away: a SEGV)', `ASan: segfault at line ${a.line}; ours: ${firstAddress.kind}`);
    }
    if (firstAddress.kind !== a.kind || firstAddress.line !== a.line) {
      const cls = firstAddress.kind !== a.kind ? `asan ${a.kind}, ours ${firstAddress.kind}` : `asan ${a.kind} at another line`;
      return disagree(cls, `ASan: ${a.kind} at line ${a.line}; ours first: ${firstAddress.kind} at line ${firstAddress.line}`);
    }
  }
  if (native.memcheck && !memory.some((e) => e.kind === 'uninitialized-read' && e.line === native.memcheck!.line)) {
    return disagree('memcheck uninitialised, ours not there', `Memcheck: line ${native.memcheck.line}; ours: ${ourText}`);
  }
  if (!native.asan && !native.memcheck && memory.length) {
    return disagree(`ours ${memory[0].kind}, tools none`, `ours: ${ourText}`);
  }
  // Output: the unchecked native build against the simulation going on past its errors.
  if (native.memcheck) return { verdict: 'same', class: 'same errors (undefined values: output not compared)', tools };
  if (native.warnings.length && !native.asan) return { verdict: 'same', class: 'clean, gcc warns (output not compared)', tools };
  const p = native.plain;
  const same = ours.stdout === p.stdout && ours.exitCode === p.exitCode && (ours.signal ?? null) === (p.signal ?? null);
  if (!same) {
    const line = firstDifference(ours.stdout, p.stdout);
    const end = `ours ${ours.exitCode ?? ours.signal}, native ${p.exitCode ?? p.signal}`;
    return disagree(native.asan ? 'keep-going output differs' : 'output differs', `${end}; first different line ${line}`);
  }
  return { verdict: 'same', class: native.asan ? 'same error, same output going on' : 'clean, same output', tools };
}

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `${i + 1}: ours ${JSON.stringify((x[i] ?? '<none>').slice(0, 80))}, native ${JSON.stringify((y[i] ?? '<none>').slice(0, 80))}`;
  }
  return '(none)';
}
