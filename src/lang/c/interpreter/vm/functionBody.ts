import { type Activation, type Instr, type LoweredFunction, Op } from '../lower/instructions';
import type { Machine } from './machine';
import { formOf } from '../lower/inlineForms';

/**
 * Runs a function's instructions from `a.pc` until the next Call or Return (the machine performs
 * those: frames, the library, native callbacks) or until the controller asks for a pause.
 * Returns the index of that Call or Return instruction, with `a.pc` one past it, or PAUSED with
 * `a.pc` at the Stmt the machine stopped before.
 */
export type FunctionBody = (m: Machine, a: Activation) => number;

/** What a body returns when the controller asked to pause before a statement. */
export const PAUSED = -1;

/**
 * Each function's body compiled to one JS function: a `switch` over its instruction indices in
 * which each instruction is straight-line code calling its own expression closure at a call site
 * of its own (one target each, which V8 can inline), instead of one loop dispatching every
 * instruction of every function through the same megamorphic call sites. The generated source is
 * made of numbers only (instruction indices, temporaries, jump targets, line numbers): every
 * name and literal of the program stays in the closures and tables the source refers to by
 * index, so nothing the program says can become code.
 *
 * Where code cannot be generated (a host whose content security policy forbids `new Function`),
 * `interpretBody` runs the same instructions with the same semantics, one dispatch at a time.
 */
export function bodyOf(fn: LoweredFunction): FunctionBody {
  if (fn.body !== undefined) return fn.body;
  let body: FunctionBody;
  try {
    body = compileBody(fn);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    body = (m, a) => interpretBody(m, a);
  }
  fn.body = body;
  return body;
}

/**
 * Which bodies are compiled (the equivalence tests compile every one, then none). Bodies are
 * compiled for functions of up to `maxInstructions`: the small functions called often gain most
 * (fib's first run is 10-20% faster), while a long main with several loops runs phase after phase,
 * and each new phase, with code V8 has no feedback for yet, deoptimizes and recompiles the whole
 * of one big function (a 10,000-node list ran 10-20% slower so); there the closures, each
 * optimized on its own, do better. Set before functions first run.
 */
export const bodyOptions = { compile: true, maxInstructions: 32 };

type BodyFactory = (code: readonly Instr[], mark: typeof markTemp, paused: number) => FunctionBody;

/**
 * Factories by source, shared by every load of a program: the bodies a factory makes share V8's
 * feedback and optimized code, so a program run again (a test, a restarted session) does not
 * warm up from nothing. The source holds no program text, so equal sources are equal bodies.
 */
const factories = new Map<string, BodyFactory>();
const MAX_FACTORIES = 512;

function compileBody(fn: LoweredFunction): FunctionBody {
  if (!bodyOptions.compile || fn.code.length > bodyOptions.maxInstructions) return (m, a) => interpretBody(m, a);
  const source = bodySource(fn.code);
  let make = factories.get(source);
  if (make === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source is numbers and fixed text only (see bodySource)
    make = new Function('code', 'markTemp', 'PAUSED', source) as BodyFactory;
    if (factories.size >= MAX_FACTORIES) factories.delete(factories.keys().next().value!);
    factories.set(source, make);
  }
  return make(fn.code, markTemp, PAUSED);
}

/**
 * The JS source of a body over `code` (the factory's text: it binds each instruction's closures
 * as constants, then returns the body). Exported for the test that proves it holds nothing of
 * the program's text.
 */
export function bodySource(code: readonly Instr[]): string {
  const consts: string[] = [];
  const cases: string[] = [];
  // An instruction's closure is written inline when it has a form (lower/inlineForms.ts), else called.
  const closure = (prefix: 'r' | 'c', k: number, f: (a: Activation) => unknown) => {
    const form = formOf(f);
    if (form !== undefined) return form;
    consts.push(`const ${prefix}${k} = code[${k}].${prefix === 'r' ? 'run' : 'test'};`);
    return `${prefix}${k}(a)`;
  };
  const int = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error(`internal: ${n} in a function body's source is not an integer`);
    return String(n);
  };
  for (let k = 0; k < code.length; k++) {
    const ins = code[k];
    const at = int(k);
    const lines = [`case ${at}:`];
    switch (ins.op) {
      case Op.Stmt: {
        const index = int(ins.index);
        lines.push(
          `here = ${at};`,
          `if (watch.due) watch.check();`,
          `if (m.steps >= m.nextCheck || m.breakpoints[${int(ins.line)}] === 1) {`,
          `  a.pc = ${int(k + 1)};`,
          `  if (m.controller.shouldPause(m, statements[${index}])) { a.pc = ${at}; return PAUSED; }`,
          `}`,
          `a.stmt = ${index};`,
          `m.steps++;`,
          `if (checker !== undefined) { checker.tainted = false; checker.staleLoad = undefined; }`,
        );
        break;
      }
      case Op.Exec:
        lines.push(`here = ${at};`, `${closure('r', k, ins.run)};`);
        break;
      case Op.Set: {
        const temp = int(ins.temp);
        const value = closure('r', k, ins.run);
        lines.push(
          `here = ${at};`,
          `if (checker === undefined) t[${temp}] = ${value};`,
          `else { checker.tainted = false; t[${temp}] = ${value}; markTemp(a, ${temp}, checker.tainted); checker.tainted = false; checker.staleLoad = undefined; }`,
        );
        break;
      }
      case Op.Jump:
        lines.push(`pc = ${int(ins.target)};`, `continue;`);
        break;
      case Op.JumpIfFalse:
      case Op.JumpIfTrue: {
        const test = closure('c', k, ins.test);
        const jumpWhen = ins.op === Op.JumpIfTrue ? '' : '!';
        lines.push(
          `here = ${at};`,
          `if (checker !== undefined) { checker.tainted = false; checker.staleLoad = undefined; }`,
          `if (${jumpWhen}${test}) {`,
          `  here = ${int(ins.target - 1)};`,
          `  if (checker !== undefined) { if (checker.tainted) checker.branch(); checker.staleLoad = undefined; }`,
          `  pc = ${int(ins.target)};`,
          `  continue;`,
          `}`,
          `if (checker !== undefined) { if (checker.tainted) checker.branch(); checker.staleLoad = undefined; }`,
        );
        break;
      }
      case Op.Switch:
        consts.push(`const s${at} = code[${at}];`);
        lines.push(
          `here = ${at};`,
          `{`,
          `  if (checker !== undefined) { checker.tainted = false; checker.staleLoad = undefined; }`,
          `  const target = s${at}.table.get(s${at}.value(a));`,
          `  if (checker !== undefined) { if (checker.tainted) checker.branch(); checker.staleLoad = undefined; }`,
          `  pc = target === undefined ? s${at}.defaultTarget : target;`,
          `  continue;`,
          `}`,
        );
        break;
      case Op.Call:
      case Op.Return:
        lines.push(`a.pc = ${int(k + 1)};`, `return ${at};`);
        break;
    }
    cases.push(lines.join('\n'));
  }
  // `mem` is the memory the closures were lowered against (the loader and the machine share one).
  return `'use strict';
${consts.join('\n')}
return function body(m, a) {
  const checker = m.checker;
  const watch = m.leakWatch;
  const mem = m.mem;
  const statements = a.fn.statements;
  const t = a.t;
  let pc = a.pc;
  let here = pc;
  try {
    for (;;) {
      switch (pc) {
${cases.join('\n')}
        default:
          throw new Error('internal: pc ' + pc + ' is past the end of the function');
      }
    }
  } catch (e) {
    // As the interpreting loop leaves it: one past the instruction that failed.
    a.pc = here + 1;
    throw e;
  }
};`;
}

/** The same instructions, one dispatch at a time (where code cannot be generated). */
export function interpretBody(m: Machine, a: Activation): number {
  const checker = m.checker;
  const watch = m.leakWatch;
  const code = a.fn.code;
  const t = a.t;
  for (;;) {
    const k = a.pc++;
    const ins = code[k];
    switch (ins.op) {
      case Op.Stmt:
        if (watch.due) watch.check();
        if (m.steps >= m.nextCheck || m.breakpoints[ins.line] === 1) {
          if (m.controller.shouldPause(m, a.fn.statements[ins.index])) {
            a.pc--;
            return PAUSED;
          }
        }
        a.stmt = ins.index;
        m.steps++;
        if (checker !== undefined) {
          checker.tainted = false;
          checker.staleLoad = undefined;
        }
        break;
      case Op.Exec:
        ins.run(a);
        break;
      case Op.Set:
        if (checker === undefined) t[ins.temp] = ins.run(a);
        else {
          checker.tainted = false;
          t[ins.temp] = ins.run(a);
          markTemp(a, ins.temp, checker.tainted);
          checker.tainted = false;
          // A temporary does not carry a stale pointer's provenance (a call's result, an argument saved across a call).
          checker.staleLoad = undefined;
        }
        break;
      case Op.Jump:
        a.pc = ins.target;
        break;
      case Op.JumpIfFalse:
      case Op.JumpIfTrue: {
        if (checker !== undefined) {
          checker.tainted = false;
          checker.staleLoad = undefined;
        }
        const v = ins.test(a);
        if (v === (ins.op === Op.JumpIfTrue)) a.pc = ins.target;
        if (checker !== undefined) {
          if (checker.tainted) checker.branch();
          checker.staleLoad = undefined;
        }
        break;
      }
      case Op.Switch: {
        if (checker !== undefined) {
          checker.tainted = false;
          checker.staleLoad = undefined;
        }
        const target = ins.table.get(ins.value(a) as number);
        if (checker !== undefined) {
          if (checker.tainted) checker.branch();
          checker.staleLoad = undefined;
        }
        a.pc = target === undefined ? ins.defaultTarget : target;
        break;
      }
      case Op.Call:
      case Op.Return:
        return k;
    }
  }
}

/** Temporaries 0..30 remember whether their value depends on undefined bytes (bit t of `tt`). */
export function markTemp(a: Activation, temp: number, undefinedValue: boolean): void {
  if (temp > 30) return;
  if (undefinedValue) a.tt |= 1 << temp;
  else a.tt &= ~(1 << temp);
}
