import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SIMULATED_NODE_VERSION, type ThrowSite, uncaughtExceptionText, unhandledRejectionText } from '../../../../../src/lang/js/inspect/uncaughtText';
import { realValueHost } from './realValueHost';

/**
 * The fatal-error text against real node: each program is run by `node --stack-trace-limit=0`
 * (errors without frames, as the interpreter's are) and its stderr compared with what our
 * function writes for the same thrown value and site. Skipped where node is absent or is another
 * release than the one simulated (the version is part of the text).
 */
const nodeRuns = spawnSync('node', ['--version'], { encoding: 'utf8' });
const nodeVersion = nodeRuns.status === 0 ? nodeRuns.stdout.trim() : undefined;

function frameless<E extends Error>(err: E): E {
  err.stack = `${err.name}: ${err.message}`;
  return err;
}

class Thrown { v = 1; }

interface Case {
  readonly name: string;
  readonly program: string;
  /** Builds the thrown value in this process, and says where node will point. */
  readonly expected: (file: string) => string;
}

function site(file: string, program: string, line: number, needle: string): ThrowSite {
  const sourceLine = program.split('\n')[line - 1];
  return { file, line, sourceLine, column: sourceLine.indexOf(needle) };
}

const cases: readonly Case[] = [
  { name: 'a thrown Error inside a function', program: 'function f() {\n    throw new TypeError(\'bad thing\');\n}\nf();\n',
    expected: (file) => uncaughtExceptionText(realValueHost, frameless(new TypeError('bad thing')), site(file, 'function f() {\n    throw new TypeError(\'bad thing\');\n}\nf();\n', 2, 'throw')) },
  { name: 'an Error with a property', program: 'const e = new Error(\'with props\'); e.code = \'E1\';\n  throw e;\n',
    expected: (file) => uncaughtExceptionText(realValueHost, Object.assign(frameless(new Error('with props')), { code: 'E1' }), site(file, 'x\n  throw e;', 2, 'throw')) },
  { name: 'an object that is no Error', program: 'console.log(\'before\');\nthrow { code: 42 };\n',
    expected: (file) => uncaughtExceptionText(realValueHost, { code: 42 }, site(file, 'x\nthrow { code: 42 };', 2, 'throw')) },
  { name: 'a class instance', program: 'class Thrown { v = 1; }\nthrow new Thrown();\n',
    expected: (file) => uncaughtExceptionText(realValueHost, new Thrown(), site(file, 'x\nthrow new Thrown();', 2, 'throw')) },
  { name: 'a string', program: 'throw \'a string\';\n',
    expected: (file) => uncaughtExceptionText(realValueHost, 'a string', site(file, 'throw \'a string\';', 1, 'throw')) },
  { name: 'undefined', program: 'throw undefined;\n',
    expected: (file) => uncaughtExceptionText(realValueHost, undefined, site(file, 'throw undefined;', 1, 'throw')) },
  { name: 'a TypeError the engine raises', program: 'const o = {}; o.missing();\n',
    expected: (file) => uncaughtExceptionText(realValueHost, frameless(new TypeError('o.missing is not a function')), site(file, 'const o = {}; o.missing();', 1, 'missing')) },
  { name: 'a tab-indented throw', program: '\tif (true) throw new Error("tabbed");\n',
    expected: (file) => uncaughtExceptionText(realValueHost, frameless(new Error('tabbed')), site(file, '\tif (true) throw new Error("tabbed");', 1, 'throw')) },
  { name: 'an error with a cause', program: 'const e = new Error("outer", { cause: new Error("inner") }); throw e;\n',
    expected: (file) => uncaughtExceptionText(realValueHost, frameless(new Error('outer', { cause: frameless(new Error('inner')) })), site(file, 'const e = new Error("outer", { cause: new Error("inner") }); throw e;', 1, 'throw e')) },
  { name: 'a throw in a timer', program: 'setTimeout(() => { throw new Error("in timer"); }, 10);\n',
    expected: (file) => uncaughtExceptionText(realValueHost, frameless(new Error('in timer')), site(file, 'setTimeout(() => { throw new Error("in timer"); }, 10);', 1, 'throw')) },
  { name: 'a throw in a microtask', program: 'queueMicrotask(() => { throw new Error("in microtask"); });\n',
    expected: () => uncaughtExceptionText(realValueHost, frameless(new Error('in microtask')), undefined) },
  { name: 'a rejected Error', program: 'Promise.reject(new Error(\'rejected!\'));\n',
    expected: () => unhandledRejectionText(realValueHost, { errorLike: true, value: frameless(new Error('rejected!')) }) },
  { name: 'an async function that throws', program: 'async function main() { throw new RangeError(\'async fail\'); }\nmain();\n',
    expected: () => unhandledRejectionText(realValueHost, { errorLike: true, value: frameless(new RangeError('async fail')) }) },
  { name: 'a rejection with a number', program: 'Promise.reject(42);\n',
    expected: () => unhandledRejectionText(realValueHost, { errorLike: false, text: '42' }) },
  { name: 'a rejection with a plain object', program: 'Promise.reject({ a: 1 });\n',
    expected: () => unhandledRejectionText(realValueHost, { errorLike: false, text: '#<Object>' }) },
];

describe('uncaught errors: stderr as node --stack-trace-limit=0 writes it (compared live)', function () {
  if (nodeVersion !== SIMULATED_NODE_VERSION) {
    it(`skipped: node ${nodeVersion ?? 'is not installed'} is not the simulated ${SIMULATED_NODE_VERSION}`, function () { this.skip(); });
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-uncaught-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  cases.forEach((c, i) => {
    it(c.name, () => {
      const file = path.join(dir, `case${i}.js`);
      fs.writeFileSync(file, c.program);
      const run = spawnSync('node', ['--stack-trace-limit=0', file], { encoding: 'utf8' });
      assert.strictEqual(run.status, 1);
      assert.strictEqual(c.expected(file), run.stderr);
    });
  });
});
