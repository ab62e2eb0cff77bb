import * as assert from 'node:assert/strict';
import { stepJs } from './runJs';
import { JsProgram } from '../../../../src/lang/js/program/jsProgram';
import { jsLanguage } from '../../../../src/lang/js/jsLanguage';
import { openSession } from '../../../../src/session/openSession';

const SOURCE = `function square(n) {
  const r = n * n;
  return r;
}
function* gen() {
  yield 1;
  yield 2;
}
let total = 0;
for (const v of gen()) {
  total += square(v);
}
console.log(total);
`;

describe('JavaScript programs in a session: stepping, breakpoints, stepping back', () => {
  it('steps statement by statement, into a call and into a generator body, with the frames the debugger shows', () => {
    const s = stepJs(SOURCE);
    const lines: number[] = [];
    const frames: string[] = [];
    for (let i = 0; i < 40 && s.state === 'paused'; i++) {
      const stop = s.stepIn();
      if (stop.kind !== 'stopped') break;
      lines.push(stop.line);
      frames.push(s.program.inspector.frames().map((f) => f.name).join('<'));
    }
    // for-of: the iterable (10), the generator runs to its yield (6), the binding (10), the body.
    assert.deepEqual(lines.slice(0, 12), [10, 6, 10, 11, 2, 3, 7, 10, 11, 2, 3, 13]);
    assert.equal(frames[1], 'gen<(top level)');
    assert.equal(frames[4], 'square<(top level)');
    assert.equal(s.program.interp!.stdout, '5\n');
  });

  it('stops at a breakpoint each time round, shows locals and `this`-less frames, and steps back by replay', () => {
    const s = stepJs(SOURCE);
    assert.deepEqual(s.setBreakpoints([2]), [2]);
    let stop = s.continue();
    assert.equal(stop.kind === 'stopped' && stop.reason, 'breakpoint');
    const scopes = s.program.inspector.scopes(0);
    assert.equal(scopes[0].name, 'Local');
    assert.deepEqual(scopes[0].values.map((v) => `${v.name}=${v.value}`), ['n=1', 'r=<uninitialized>']);
    stop = s.continue();
    assert.equal(s.program.inspector.scopes(0)[0].values[0].value, '2');
    const at = s.steps;
    stop = s.stepBack();
    assert.equal(stop.kind, 'stopped');
    assert.equal(s.steps, at - 1);
    stop = s.stepIn();
    assert.equal(s.steps, at);
    assert.equal(s.program.inspector.scopes(0)[0].values[0].value, '2');
    stop = s.continue();
    assert.equal(stop.kind, 'exited');
    assert.equal(s.program.interp!.stdout, '5\n');
  });

  it('pauses inside an async function resumed by the event loop and after an await', () => {
    const s = stepJs("async function main() {\n  await null;\n  console.log('resumed');\n}\nmain();\nconsole.log('sync');\n");
    s.setBreakpoints([3]);
    const stop = s.continue();
    assert.equal(stop.kind === 'stopped' && stop.line, 3);
    assert.equal(s.program.interp!.stdout, 'sync\n');
    assert.equal(s.program.inspector.frames()[0].name, 'main');
    assert.equal(s.continue().kind, 'exited');
    assert.equal(s.program.interp!.stdout, 'sync\nresumed\n');
  });

  it('opens .js files as JavaScript through the session layer', async () => {
    const session = await openSession([jsLanguage()], 'prog.js', "console.log('hello from js');\n");
    assert.equal(session.program.language, 'js');
    session.run();
    assert.equal((session.program as JsProgram).interp!.stdout, 'hello from js\n');
  });

  it('reports a syntax error and unsupported built-ins as diagnostics with their ranges, and does not run', () => {
    const bad = JsProgram.create('let x = ;\n', 'bad.js');
    assert.equal(bad.runnable, false);
    assert.deepEqual(bad.diagnostics.map((d) => [d.code, d.range.startLine, d.range.startColumn, d.message]), [['syntax', 1, 9, 'SyntaxError: Unexpected token']]);
    const unsupported = JsProgram.create('const p = new Proxy({}, {});\nasync function* g() {}\nwith (p) {}\n', 'u.js');
    assert.equal(unsupported.runnable, false);
    assert.deepEqual(unsupported.diagnostics.map((d) => [d.range.startLine, d.message]), [
      [1, 'Proxy is not supported by Memory Atlas'],
      [2, 'an async generator (async function*) is not supported by Memory Atlas'],
      [3, 'the with statement is not supported by Memory Atlas'],
    ]);
  });
});
