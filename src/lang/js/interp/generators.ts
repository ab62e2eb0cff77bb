import type * as acorn from 'acorn';
import type { Interp } from './interp';
import type { Frame } from './frames';
import type { Scope } from './scope';
import { type Eval, GeneratorReturn, JsFunction, JsObject, JsThrow, type JsValue, type Signal } from './values';
import { getProp, getV } from './objectModel';
import { evaluate } from './evaluate';
import { getIterator } from './loops';
import { call } from './calls';
import { toBoolean } from './conversions';
import { closeFrame } from './functions';
import { thrownByProgram } from './hostLimits';

/**
 * Generators: the body is a host generator that yields `{ kind: 'yield' }` at the program's
 * `yield`; next/throw/return resume it. Its frame is off the call stack while it is suspended
 * and back on while it runs, so the debugger sees it where it runs.
 */
export function makeGenerator(it: Interp, f: JsFunction, frame: Frame, body: Generator<Signal, JsValue, unknown>): JsObject {
  const protoProp = f.props.get('prototype')?.value;
  const g = it.newObject(protoProp instanceof JsObject ? protoProp : it.intrinsics.generatorProto, 'Generator', 'Generator');
  g.generator = { state: 'suspended-start', body, frame };
  return g;
}

export type ResumeMode = 'next' | 'throw' | 'return';

export function* generatorResume(it: Interp, g: JsValue, mode: ResumeMode, value: JsValue): Eval<JsValue> {
  const slots = g instanceof JsObject ? g.generator : undefined;
  if (!slots) return it.throwError('TypeError', `${mode} method called on incompatible receiver`);
  if (slots.state === 'executing') return it.throwError('TypeError', 'Generator is already running');
  if (slots.state === 'completed') {
    if (mode === 'throw') throw new JsThrow(value);
    return it.iterResult(mode === 'return' ? value : undefined, true);
  }
  if (slots.state === 'suspended-start' && mode !== 'next') {
    // Never started: it completes at once, its body never runs.
    slots.state = 'completed';
    closeFrame(it, slots.frame);
    if (mode === 'throw') throw new JsThrow(value);
    return it.iterResult(value, true);
  }
  slots.state = 'executing';
  it.frames.push(slots.frame);
  let finished = false;
  try {
    let r = mode === 'next' ? slots.body.next(value) : slots.body.throw(mode === 'throw' ? new JsThrow(value) : new GeneratorReturn(value));
    for (;;) {
      if (r.done) {
        finished = true;
        return it.iterResult(r.value, true);
      }
      const signal = r.value;
      if (signal.kind === 'yield') {
        slots.state = 'suspended-yield';
        return it.iterResult(signal.value, false);
      }
      if (signal.kind === 'pause') {
        yield signal;
        r = slots.body.next(undefined);
        continue;
      }
      return it.throwError('SyntaxError', 'await in a generator (an async generator) is not supported by Memory Atlas');
    }
  } catch (e) {
    finished = true;
    if (e instanceof GeneratorReturn) return it.iterResult(e.value, true);
    throw e;
  } finally {
    it.frames.pop();
    if (finished) {
      slots.state = 'completed';
      closeFrame(it, slots.frame);
    }
  }
}

/** `yield v` and `yield* iterable` inside a generator body. */
export function* evalYield(it: Interp, n: acorn.YieldExpression, scope: Scope): Eval<JsValue> {
  const v = n.argument ? yield* evaluate(it, n.argument, scope) : undefined;
  if (!n.delegate) return (yield { kind: 'yield', value: v }) as JsValue;
  const inner = yield* getIterator(it, v);
  let received: { mode: ResumeMode; value: JsValue } = { mode: 'next', value: undefined };
  for (;;) {
    let result: JsValue;
    if (received.mode === 'next') {
      result = yield* call(it, inner.next, inner.iterator, [received.value]);
    } else {
      const method = yield* getV(it, inner.iterator, received.mode);
      if (method === undefined || method === null) {
        if (received.mode === 'return') throw new GeneratorReturn(received.value);
        return it.throwError('TypeError', 'The iterator does not provide a \'throw\' method');
      }
      result = yield* call(it, method, inner.iterator, [received.value]);
    }
    if (!(result instanceof JsObject)) return it.throwError('TypeError', 'Iterator result is not an object');
    const done = toBoolean(yield* getProp(it, result, 'done'));
    const value = yield* getProp(it, result, 'value');
    if (done) {
      if (received.mode === 'return') throw new GeneratorReturn(value);
      return value;
    }
    try {
      received = { mode: 'next', value: (yield { kind: 'yield', value, delegate: true }) as JsValue };
    } catch (e) {
      const thrown = thrownByProgram(it, e);
      if (thrown) received = { mode: 'throw', value: thrown.value };
      else if (e instanceof GeneratorReturn) received = { mode: 'return', value: e.value };
      else throw e;
    }
  }
}
