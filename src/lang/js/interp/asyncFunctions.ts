import type { Interp } from './interp';
import type { Frame } from './frames';
import { type Eval, JsObject, JsThrow, type JsValue, type Signal } from './values';
import { newPromise, performThen, promiseResolve, rejectPromise, resolvePromise } from './promises';
import { closeFrame } from './functions';
import { thrownByProgram } from './hostLimits';

/**
 * Async functions: the body runs synchronously up to its first `await`, which hands the
 * continuation to the awaited promise as a reaction (one microtask after it settles, as V8
 * does for a native promise); the function's own promise settles with the body's result.
 */

interface AsyncRun {
  readonly frame: Frame;
  readonly body: Generator<Signal, JsValue, unknown>;
  readonly promise: JsObject;
}

/** Called with the function's frame on the stack: runs the body to its first await and returns its promise. */
export function* startAsync(it: Interp, frame: Frame, body: Generator<Signal, JsValue, unknown>): Eval<JsObject> {
  const run: AsyncRun = { frame, body, promise: newPromise(it) };
  yield* step(it, run, 'next', undefined, false);
  return run.promise;
}

function* step(it: Interp, run: AsyncRun, mode: 'next' | 'throw', value: JsValue, pushFrame: boolean): Eval<void> {
  if (pushFrame) it.frames.push(run.frame);
  try {
    let r = mode === 'next' ? run.body.next(value) : run.body.throw(new JsThrow(value));
    for (;;) {
      if (r.done) {
        closeFrame(it, run.frame);
        yield* resolvePromise(it, run.promise, r.value);
        return;
      }
      const signal = r.value;
      if (signal.kind === 'pause') {
        yield signal;
        r = run.body.next(undefined);
        continue;
      }
      if (signal.kind === 'await') {
        const p = yield* promiseResolve(it, signal.value);
        performThen(it, p, { kind: 'await', frame: run.frame, holds: [run.promise], resume: (m, v) => step(it, run, m, v, true) });
        return;
      }
      it.throwError('SyntaxError', 'yield in an async function (an async generator) is not supported by Memory Atlas');
    }
  } catch (e) {
    const thrown = thrownByProgram(it, e);
    if (!thrown) throw e;
    closeFrame(it, run.frame);
    rejectPromise(it, run.promise, thrown.value);
  } finally {
    if (pushFrame) it.frames.pop();
  }
}

/** `await v` in the body: suspends it; the async driver resumes it with the value (or throws the reason in). */
export function* awaitValue(_it: Interp, v: JsValue): Eval<JsValue> {
  return (yield { kind: 'await', value: v }) as JsValue;
}
