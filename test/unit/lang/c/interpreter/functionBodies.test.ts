import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { bodyOptions, bodySource } from '../../../../../src/lang/c/interpreter/vm/functionBody';
import { cSession, runC } from './runC';
import { testParser } from '../../../cProgram';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', '..', '..', 'test', 'fixtures');

/**
 * Each C function runs as one generated JS function (vm/functionBody.ts). Its source may hold
 * numbers and the generator's own text only: a program's names and literals must never become
 * code. And it must run every program exactly as the instruction-at-a-time interpreter does.
 */
describe('C function bodies compiled to JS', () => {
  // The program and what gcc -O0 printed for it (recorded next to it).
  const HOSTILE = fs.readFileSync(path.join(FIXTURES, 'c-codegen', 'hostile_names.c'), 'utf8');
  const NATIVE = fs.readFileSync(path.join(FIXTURES, 'c-codegen', 'hostile_names.stdout'), 'utf8');

  it("holds none of the program's names or literals, and the program runs as written", async () => {
    const defaults = { ...bodyOptions };
    bodyOptions.maxInstructions = Infinity;
    const run = await runC(HOSTILE).finally(() => Object.assign(bodyOptions, defaults));
    assert.equal(run.stdout, NATIVE);
    assert.equal(run.code, 0);
    const functions = [...run.session.program.vm!.functions.values()];
    assert.deepEqual(functions.map((f) => f.name).sort(), ['constructor', 'eval', 'main']);
    const sources = functions.map((f) => bodySource(f.code));
    // The simple expressions are written inline (a local's load, int arithmetic), the rest called.
    assert.ok(sources.some((source) => source.includes('mem.read32(a.rbp + (-')), 'a local loaded inline');
    assert.ok(sources.some((source) => /const r\d+ = code\[\d+\]\.run;/.test(source)), 'a closure called');
    for (const source of sources) {
      for (const word of ['constructor', '__proto__', 'eval(', 'Function ', 'toString', 'hasOwnProperty', 'valueOf', 'process', 'exit', '${', '`', '"', 'throw 1', 'hello']) {
        assert.ok(!source.includes(word), `${word} in ${source}`);
      }
      // Every identifier in the source is the generator's own.
      const words = new Set(source.match(/[A-Za-z_$][\w$]*/g));
      const own = new Set(['use', 'strict', 'const', 'code', 'run', 'test', 'return', 'function', 'body', 'm', 'a', 'checker', 'leakWatch', 'watch', 'statements', 'fn', 't', 'let', 'pc', 'here', 'try', 'for', 'switch', 'case', 'if', 'due', 'check', 'steps', 'nextCheck', 'breakpoints', 'controller', 'shouldPause', 'PAUSED', 'stmt', 'undefined', 'tainted', 'staleLoad', 'false', 'else', 'markTemp', 'continue', 'branch', 'table', 'get', 'value', 'target', 'defaultTarget', 'default', 'throw', 'new', 'Error', 'internal', 'is', 'past', 'the', 'end', 'of', 'catch', 'e', 'As', 'interpreting', 'loop', 'leaves', 'it', 'one', 'instruction', 'that', 'failed', 'mem', 'rbp', 'read8', 'read16', 'read32', 'readI64', 'readU64', 'tt', 'taint', 'Math', 'imul']);
      for (const w of words) assert.ok(own.has(w) || /^[rcs]\d+$/.test(w), `unexpected identifier ${w}`);
    }
  });

  it('runs the gcc-recorded corpus and the error corpus exactly as the interpreting loop does (output, steps, errors, leaks)', async function () {
    this.timeout(120000);
    const parser = await testParser();
    // Every program of the error and leak corpora (the checks' paths), every fourth of the gcc
    // corpus (MEMORY_ATLAS_FULL_CORPUS=1: all of it; the whole set takes half a minute).
    const full = process.env.MEMORY_ATLAS_FULL_CORPUS === '1';
    const files = ['c-programs', 'c-errors', 'c-leaks'].flatMap((dir) => {
      const folder = path.join(FIXTURES, dir);
      const all = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.c')).sort() : [];
      return all.filter((_, i) => full || dir !== 'c-programs' || i % 4 === 0).map((f) => path.join(folder, f));
    });
    assert.ok(files.length > 50, `${files.length} programs`);
    const fingerprint = (file: string) => {
      const stdinFile = file.replace(/\.c$/, '.stdin');
      const stdin = fs.existsSync(stdinFile) ? fs.readFileSync(stdinFile, 'utf8') : '';
      const session = cSession(parser, fs.readFileSync(file, 'utf8'), path.basename(file), { stdin, noCheckpoints: true, maxSteps: 5_000_000, keepGoing: true });
      if (session.state === 'invalid') return 'invalid';
      const end = session.run();
      const vm = session.program.vm!;
      return JSON.stringify({ end, steps: session.steps, stdout: vm.stdout, stderr: vm.stderr, errors: session.program.memoryErrors, faults: session.program.faults(), at: session.program.location() });
    };
    const defaults = { ...bodyOptions };
    try {
      for (const file of files) {
        // Every function compiled, whatever its size, then every one interpreted.
        Object.assign(bodyOptions, { compile: true, maxInstructions: Infinity });
        const compiled = fingerprint(file);
        bodyOptions.compile = false;
        const interpreted = fingerprint(file);
        assert.equal(compiled, interpreted, path.basename(file));
      }
    } finally {
      Object.assign(bodyOptions, defaults);
    }
  });
});
