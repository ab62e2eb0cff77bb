#!/usr/bin/env node
// Records what the C program corpus in test/fixtures/c-programs/ does natively: compiles each NAME.c
// with `gcc -O0 -w`, runs it with ASLR off (`setarch -R` when present), stdin from NAME.stdin (or
// empty) through a pipe, stdout and stderr as pipes, a 10 s timeout, and writes
// NAME.expected.json = { compiler, stdout, stderr, exitCode, signal }, plus `asan` { kind, line }
// when an AddressSanitizer build of the program reports an error (the run then goes on past it
// in the test, as the unchecked build does).
//
// It also checks the corpus rules and fails (exit 1) when one is broken:
//   - the program compiles under `gcc -Wall -Wextra -std=c11 -pedantic` with exactly the warnings
//     its top comment declares as deliberate, e.g. `[warns: -Wsign-compare]` (normally none);
//   - two runs with ASLR off give identical results, and so does a run with ASLR on (so nothing
//     printed depends on where things were mapped);
//   - a one-line comment on line 1, 20-120 lines, only standard headers + <malloc.h> + <unistd.h>
//     (+ the POSIX headers of the simulated system calls: <sys/mman.h>, <fcntl.h>, <sys/resource.h>, ...).
//
// Usage: node test/tools/record-c-programs.js [--check] [NAME ...]
//   --check  record nothing; compare the native run with the existing NAME.expected.json files.
//   NAME     only these programs (file name with or without .c).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { asanAvailable, parseAsan } = require('./c-errors/sanitizerReports');

const DIR = path.join(__dirname, '..', 'fixtures', 'c-programs');
const TIMEOUT_MS = 10000;
const ALLOWED_HEADERS = new Set([
  'assert.h', 'complex.h', 'ctype.h', 'errno.h', 'fenv.h', 'float.h', 'inttypes.h', 'iso646.h',
  'limits.h', 'locale.h', 'math.h', 'setjmp.h', 'signal.h', 'stdalign.h', 'stdarg.h',
  'stdatomic.h', 'stdbool.h', 'stddef.h', 'stdint.h', 'stdio.h', 'stdlib.h', 'stdnoreturn.h',
  'string.h', 'tgmath.h', 'time.h', 'uchar.h', 'wchar.h', 'wctype.h', 'malloc.h', 'unistd.h',
  // POSIX headers of the system calls the simulated kernel implements (mmap, files, getrusage).
  'fcntl.h', 'sys/mman.h', 'sys/resource.h', 'sys/stat.h', 'sys/time.h', 'sys/types.h',
]);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function compilerVersion() {
  const r = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('gcc not found');
  return r.stdout.split('\n')[0].trim();
}

/** Rule checks on the source text; returns a list of problems. */
function lintSource(name, text) {
  const problems = [];
  const lines = text.replace(/\n$/, '').split('\n');
  if (!/^\s*(\/\*.*\*\/|\/\/.*)\s*$/.test(lines[0])) problems.push('line 1 is not a one-line comment');
  if (lines.length < 20 || lines.length > 120) problems.push(`${lines.length} lines (want 20-120)`);
  for (const m of text.matchAll(/^\s*#\s*include\s*[<"]([^>"]+)[>"]/gm)) {
    if (!ALLOWED_HEADERS.has(m[1])) problems.push(`includes <${m[1]}>`);
  }
  return problems;
}

/** Warning flags the program's top comment declares as deliberate: `[warns: -Wa, -Wb]`. */
function declaredWarnings(text) {
  const m = /\[warns:\s*([^\]]*)\]/.exec(text.split('\n')[0]);
  return m ? m[1].split(/[\s,]+/).filter((t) => t.startsWith('-W')).sort() : [];
}

function strictWarnings(file) {
  const r = spawnSync('gcc', ['-Wall', '-Wextra', '-std=c11', '-pedantic', '-c', '-o', '/dev/null', file], {
    encoding: 'utf8',
  });
  const flags = new Set();
  for (const m of r.stderr.matchAll(/warning: .*\[(-W[^\]=]+)(=[^\]]*)?\]$/gm)) flags.add(m[1]);
  return { ok: r.status === 0, flags: [...flags].sort(), text: r.stderr };
}

function run(exe, input, aslrOff, setarch) {
  const [cmd, args] = aslrOff && setarch ? ['setarch', ['-R', exe]] : [exe, []];
  const r = spawnSync(cmd, args, {
    input, // a pipe, so stdin's buffer is sized like a pipe's (4096) whatever the file system
    cwd: path.dirname(exe), // files a program creates go to the scratch directory
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH, LC_ALL: 'C' },
  });
  if (r.error && r.error.code !== 'ETIMEDOUT') throw r.error;
  return {
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    exitCode: r.status,
    signal: r.signal,
    timedOut: !!(r.error && r.error.code === 'ETIMEDOUT'),
  };
}

function same(a, b) {
  return a.stdout === b.stdout && a.stderr === b.stderr && a.exitCode === b.exitCode && a.signal === b.signal &&
    JSON.stringify(a.asan) === JSON.stringify(b.asan);
}

/** What an ASan build reports for the program, if anything: `{ asan: { kind, line } }` or `{}`. */
function asanFinding(file, name, input, tmp) {
  if (!asanAvailable()) return {};
  const exe = path.join(tmp, `${name}-asan`);
  const cc = spawnSync('gcc', ['-g', '-O0', '-w', '-fsanitize=address', '-o', exe, file, '-lm'], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`gcc -fsanitize=address failed on ${name}:\n${cc.stderr}`);
  const r = spawnSync(exe, [], { input, cwd: tmp, timeout: TIMEOUT_MS, encoding: 'utf8', env: { PATH: process.env.PATH, LC_ALL: 'C', ASAN_OPTIONS: 'detect_leaks=0' } });
  const facts = parseAsan(r.stderr ?? '', `${name}.c`);
  return facts ? { asan: { kind: facts.kind, line: facts.line } } : {};
}

function main() {
  const argv = process.argv.slice(2);
  const check = argv.includes('--check');
  const only = new Set(argv.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\.c$/, '')));
  const setarch = has('setarch') && spawnSync('setarch', ['-R', 'true']).status === 0;
  if (!setarch) console.warn('warning: setarch -R unavailable; running with ASLR as the system has it');
  const compiler = compilerVersion();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'c-programs-'));
  const names = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.c'))
    .map((f) => f.slice(0, -2))
    .filter((n) => only.size === 0 || only.has(n))
    .sort();
  let failures = 0;
  for (const name of names) {
    const file = path.join(DIR, `${name}.c`);
    const text = fs.readFileSync(file, 'utf8');
    const problems = lintSource(name, text);

    const strict = strictWarnings(file);
    const declared = declaredWarnings(text);
    if (!strict.ok) problems.push(`fails to compile under -std=c11 -pedantic:\n${strict.text}`);
    else if (strict.flags.join() !== declared.join()) {
      problems.push(`-Wall -Wextra -std=c11 -pedantic warns [${strict.flags.join(', ')}], ` +
        `top comment declares [${declared.join(', ')}]\n${strict.text}`);
    }

    const exe = path.join(tmp, name);
    const cc = spawnSync('gcc', ['-O0', '-w', '-o', exe, file, '-lm'], { encoding: 'utf8' });
    if (cc.status !== 0) {
      console.log(`FAIL ${name}: gcc -O0 failed\n${cc.stderr}`);
      failures++;
      continue;
    }
    const stdinFile = path.join(DIR, `${name}.stdin`);
    const input = fs.existsSync(stdinFile) ? fs.readFileSync(stdinFile) : Buffer.alloc(0);
    const first = run(exe, input, true, setarch);
    const second = run(exe, input, true, setarch);
    if (first.timedOut) problems.push(`timed out after ${TIMEOUT_MS} ms`);
    if (!same(first, second)) problems.push('output differs between two runs with ASLR off');
    if (setarch && !same(first, run(exe, input, false, setarch))) {
      problems.push('output differs with ASLR on (prints something address-dependent?)');
    }
    const result = { compiler, stdout: first.stdout, stderr: first.stderr, exitCode: first.exitCode, signal: first.signal, ...asanFinding(file, name, input, tmp) };
    const outFile = path.join(DIR, `${name}.expected.json`);
    if (check) {
      const old = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) : null;
      if (!old) problems.push('no expected.json');
      else if (!same(old, result)) problems.push('native run differs from the recorded expected.json');
    } else if (!first.timedOut) {
      fs.writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
    }
    if (problems.length) {
      failures++;
      console.log(`FAIL ${name}: ${problems.join('\n  ')}`);
    } else {
      const status = first.signal ? `signal ${first.signal}` : `exit ${first.exitCode}`;
      console.log(`${check ? 'ok  ' : 'rec '} ${name} (${status}, ${first.stdout.length} bytes out, ${first.stderr.length} err)`);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`${names.length} programs, ${failures} with problems (${compiler})`);
  process.exitCode = failures ? 1 : 0;
}

main();
