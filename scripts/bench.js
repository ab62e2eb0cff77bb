#!/usr/bin/env node
// `npm run bench`: measures the engine and the C interpreter and prints each figure beside its
// target and beside the same program compiled with gcc -O0 and run natively in the same run, plus
// JSCPP (the C/C++ interpreter on npm) for the interpreter. Timings are reported, never asserted.
//   npm run bench                  JSCPP's million-iteration loop is measured at 50,000 and scaled x20
//   npm run bench -- --jscpp-full  runs it at 1,000,000 (about a minute)
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const out = (file) => path.join(root, 'out', 'test', 'bench', file);
const benchDir = path.join(root, 'test', 'bench');
/** Runs a compiled bench script in a fresh node process (so its memory figures are its own); its last line is JSON. */
const node = (file, ...args) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', out(file), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n').pop());

const gccVersion = (() => {
  const r = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
})();
const NO_GCC = 'gcc not installed';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A program of test/bench/programs compiled with gcc -O0 and linked with native/timeMain.c, which
 * times its main in-process (no process start-up): the median of `runs` runs, its stdout, peak RSS.
 */
function native(program, runs = 5) {
  if (!gccVersion) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-bench-'));
  try {
    const obj = path.join(dir, 'program.o');
    const exe = path.join(dir, 'program');
    execFileSync('gcc', ['-O0', '-w', '-Dmain=bench_main', '-c', '-o', obj, path.join(benchDir, 'programs', program)]);
    execFileSync('gcc', ['-O0', '-o', exe, obj, path.join(benchDir, 'native', 'timeMain.c')]);
    const results = Array.from({ length: runs }, () => {
      const r = spawnSync(exe, [], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0) throw new Error(`${program} natively: status ${r.status}, ${r.stderr}`);
      return { ...JSON.parse(r.stderr.trim().split('\n').pop()), stdout: r.stdout.trim() };
    });
    return { seconds: median(results.map((r) => r.seconds)), peakRssMB: Math.max(...results.map((r) => r.peakRssMB)), stdout: results[0].stdout, runs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The engine's own native reference: a million malloc(64) timed inside the process. */
function nativeMallocs() {
  if (!gccVersion) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-bench-'));
  try {
    const exe = path.join(dir, 'million-mallocs');
    execFileSync('gcc', ['-O0', '-o', exe, path.join(benchDir, 'native', 'million-mallocs.c')]);
    return JSON.parse(execFileSync(exe, { encoding: 'utf8' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A JSCPP run of test/bench/jscpp/FILE. With `scaleTo`, the program's ITERATIONS is lowered to
 * `iterations` and the time scaled: the loop's share (the run minus a run at 0 iterations, i.e.
 * JSCPP's parsing and start-up) times scaleTo / iterations, plus that fixed share once.
 */
function jscpp(file, iterations, scaleTo) {
  const source = path.join(benchDir, 'jscpp', file);
  if (iterations === undefined || iterations === scaleTo) return { ...node('jscppBench.js', source), scaled: false };
  const fixed = node('jscppBench.js', source, '0').seconds;
  const r = node('jscppBench.js', source, String(iterations));
  return { ...r, seconds: (r.seconds - fixed) * (scaleTo / iterations) + fixed, measuredSeconds: r.seconds, scaled: true };
}

const s = (seconds) => (seconds >= 10 ? seconds.toFixed(1) : seconds >= 0.1 ? seconds.toFixed(3) : seconds.toFixed(4)) + ' s';
const ratio = (a, b) => {
  const x = a / b;
  return (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + 'x';
};
const row = (name, value, target, reference, vsNative = '') =>
  console.log(`${name.padEnd(58)} ${value.padStart(9)}   ${target.padEnd(18)} ${reference.padEnd(40)} ${vsNative}`.trimEnd());
const against = (target, measured, limit) => `${target} ${measured < limit ? '(met)' : '(missed)'}`;
/** A line saying when the interpreter's output differs from gcc's (the runs would not be comparable). */
function sameOutput(what, ours, gcc) {
  if (gcc && ours !== gcc.stdout) console.log(`  !! ${what}: the interpreter printed ${JSON.stringify(ours)}, gcc's build ${JSON.stringify(gcc.stdout)}`);
}

/** A program of test/bench/programs compiled with gcc -O0 as it is (its own main), run as a whole process: median wall time. */
function nativeProcess(program, runs = 5) {
  if (!gccVersion) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-bench-'));
  try {
    const exe = path.join(dir, 'program');
    execFileSync('gcc', ['-O0', '-w', '-o', exe, path.join(benchDir, 'programs', program)]);
    const times = Array.from({ length: runs }, () => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(exe, [], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`${program} natively: status ${r.status}`);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    });
    return { seconds: median(times) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `memory-atlas ARGS` as a whole process (out/test/bench/cliProcess.js): median wall time of `runs`, peak RSS, output size. */
function cliProcess(args, runs = 3) {
  const results = Array.from({ length: runs }, () => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [out('cliProcess.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`memory-atlas ${args.join(' ')}: status ${r.status}\n${r.stderr.slice(-2000)}`);
    const usage = JSON.parse(r.output[3].trim());
    return { seconds, cpuSeconds: usage.cpuSeconds, stdoutBytes: Buffer.byteLength(r.stdout), peakRssMB: usage.peakRssMB, stdout: r.stdout };
  });
  return {
    seconds: median(results.map((r) => r.seconds)), cpuSeconds: median(results.map((r) => r.cpuSeconds)),
    stdoutBytes: results[0].stdoutBytes, peakRssMB: Math.max(...results.map((r) => r.peakRssMB)), stdout: results[0].stdout, runs,
  };
}

/** node running a JavaScript file (or, for a bare number, `node -e`) as a whole process: the reference for the JS rows. */
function nodeProcess(fileOrExpression, runs = 5) {
  const args = fs.existsSync(fileOrExpression) ? [fileOrExpression] : ['-e', fileOrExpression];
  const times = Array.from({ length: runs }, () => {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t0) / 1e9;
  });
  return { seconds: median(times) };
}

const ms = (seconds) => `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
const KB = (bytes) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
const met = (ok) => (ok ? '(met)' : '(missed)');
/** One row of the issue's table: workload, measured, target (met or missed), native figure, ratio. */
const targetRow = (name, value, target, ok, reference, vsNative = '') =>
  console.log(`${name.padEnd(52)} ${value.padStart(26)}   ${`${target} ${ok === undefined ? '' : met(ok)}`.padEnd(34)} ${reference.padEnd(34)} ${vsNative}`.trimEnd());

const jscppVersion = require(path.join(root, 'node_modules', 'JSCPP', 'package.json')).version;
const fullJscpp = process.argv.includes('--jscpp-full');

console.log(`Memory Atlas benchmarks (node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}; ${gccVersion ?? NO_GCC})`);
// Wall-clock times: on a shared machine they stretch with the load, the native ones included.
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

// --- The targets: whole CLI processes, interactive latency, activation, as a user meets them ---
console.log('Targets (whole processes as a user runs them: medians of 3; native: gcc -O0 build run as a process, median of 5):\n');
targetRow('workload', 'measured', 'target', undefined, 'native (same run)', 'vs native');
const loopText = cliProcess(['run', path.join(benchDir, 'programs', 'forgotten_free_loop.c')]);
const loopJson = cliProcess(['run', '--json', path.join(benchDir, 'programs', 'forgotten_free_loop.c')]);
const fibCli = cliProcess(['run', path.join(benchDir, 'programs', 'fib25.c')]);
const listCli = cliProcess(['run', path.join(benchDir, 'programs', 'linked_list_10k.c')]);
const loopProc = nativeProcess('forgotten_free_loop.c');
const fibProc = nativeProcess('fib25.c');
const listProc = nativeProcess('linked_list_10k.c');
const vs = (a, b) => (b ? ratio(a, b.seconds) : '');
const nat = (b) => (b ? s(b.seconds) : NO_GCC);
targetRow('seed loop 1e6 (malloc(64) + sprintf), CLI, text', s(loopText.seconds), '< 1.5 s', loopText.seconds < 1.5, nat(loopProc), vs(loopText.seconds, loopProc));
targetRow('  the same with --json', `${s(loopJson.seconds)}, ${KB(loopJson.stdoutBytes)}, ${loopJson.peakRssMB.toFixed(0)} MB`, '< 2 s, JSON < 1 MB, RSS < 400 MB',
  loopJson.seconds < 2 && loopJson.stdoutBytes < 1 << 20 && loopJson.peakRssMB < 400, nat(loopProc), vs(loopJson.seconds, loopProc));
console.log(`  (text: peak RSS ${loopText.peakRssMB.toFixed(0)} MB; --json: ${loopJson.seconds < 2 ? 'time met' : 'time missed'}, ${loopJson.stdoutBytes < 1 << 20 ? 'size met' : 'size missed'}, ${loopJson.peakRssMB < 400 ? 'RSS met' : 'RSS missed'})`);
console.log(`  (CPU time of the process, user + sys, medians: text ${s(loopText.cpuSeconds)}, --json ${s(loopJson.cpuSeconds)}: on a loaded machine wall time stretches, CPU time much less)`);
targetRow('fib(25) C, CLI', s(fibCli.seconds), '< 0.12 s', fibCli.seconds < 0.12, nat(fibProc), vs(fibCli.seconds, fibProc));
const results = node('interpreterBench.js');
const fibRun = results.find((x) => /fib\(25\)/.test(x.name));
if (fibRun) {
  const rate = fibRun.steps / (fibRun.seconds - fibRun.compileSeconds);
  targetRow('  fib(25) interpretation (checks + history on)', `${(rate / 1e6).toFixed(2)} M steps/s`, '>= 10 M steps/s', rate >= 10e6, '');
}
targetRow('10,000-node list built, walked and freed, CLI', s(listCli.seconds), '< 0.15 s', listCli.seconds < 0.15, nat(listProc), vs(listCli.seconds, listProc));
console.log(`  (CPU time: fib ${s(fibCli.cpuSeconds)}, list ${s(listCli.cpuSeconds)})`);
// Start-up, the floor under every CLI row: node itself, the bundle (through its code cache), then a
// whole run of a tiny program, and the phases of that run in one process.
{
  const tiny = path.join(os.tmpdir(), `memory-atlas-bench-tiny-${process.pid}.c`);
  fs.writeFileSync(tiny, require(out('startupBench.js')).TINY);
  const version = cliProcess(['--version']);
  const tinyRun = cliProcess(['run', tiny]);
  fs.unlinkSync(tiny);
  const bare = nodeProcess('0');
  const phases = node('startupBench.js');
  const p = (x) => `${x.toFixed(0)} ms`;
  console.log(`  (start-up: node alone ${s(bare.seconds)}; memory-atlas --version ${s(version.seconds)} wall, ${s(version.cpuSeconds)} CPU; run of a tiny program ${s(tinyRun.seconds)} wall, ${s(tinyRun.cpuSeconds)} CPU;` +
    ` its phases in CPU: wasm ${p(phases.wasmMs)}, front end ${p(phases.frontEndMs)}, image + loader ${p(phases.imageMs)}, run ${p(phases.runMs)}, report ${p(phases.reportMs)})`);
}
const session = node('sessionBench.js');
targetRow('step + snapshot, small program, p95', `${ms(session.small.p95 / 1000)}, ${KB(session.small.snapshotBytes)}`, '< 50 ms, message < 64 KB',
  session.small.p95 < 50 && session.small.snapshotBytes < 64 << 10, 'no native counterpart');
targetRow('step + snapshot, 1e6-chunk heap, p95', `${ms(session.large.p95 / 1000)}, ${KB(session.large.snapshotBytes)}`, '< 50 ms, message < 64 KB',
  session.large.p95 < 50 && session.large.snapshotBytes < 64 << 10, 'no native counterpart');
console.log(`  (${session.large.chunks.toLocaleString('en-US')} chunks; 20 steps: p50 ${ms(session.large.p50 / 1000)}, max ${ms(session.large.max / 1000)}: the first stop indexes the chunk columns glibc kept and sums the bands; later stops reuse them)`);
const dap = node('dapBench.js');
if (dap.missing) console.log(`  (through the debug adapter: not measured, ${dap.missing})`);
else {
  targetRow('  through DAP: next -> stopped + editor requests, small, p95', `${ms(dap.small.p95 / 1000)}, ${KB(dap.small.stopBytes)}`, '< 50 ms, message < 64 KB',
    dap.small.p95 < 50 && dap.small.stopBytes < 64 << 10, 'no native counterpart');
  targetRow('  through DAP, 1e6-chunk heap, p95', `${ms(dap.large.p95 / 1000)}, ${KB(dap.large.stopBytes)}`, '< 50 ms, message < 64 KB',
    dap.large.p95 < 50 && dap.large.stopBytes < 64 << 10, 'no native counterpart');
  console.log(`  (dist/debugAdapter.js over stdio; each stop: stopped event, stackTrace, scopes, locals, memoryAtlas.snapshot; 1e6 heap p50 ${ms(dap.large.p50 / 1000)})`);
}
targetRow('step back at step 1e6', ms(session.stepBack.ms / 1000), '< 50 ms', session.stepBack.ms < 50, 'no native counterpart');
console.log(`  (a forward run to step ${session.stepBack.atStep.toLocaleString('en-US')} with ${session.stepBack.checkpoints} saved states; the snapshot after it: ${ms(session.stepBack.snapshotMs / 1000)})`);
const activation = median(Array.from({ length: 5 }, () => node('activationBench.js')).map((a) => a.totalMs));
const activationDetail = node('activationBench.js');
targetRow('extension activation (dist/extension.js + activate)', ms(activation / 1000), '< 30 ms', activation < 30, 'no native counterpart');
console.log(`  (median of 5 processes; load ${ms(activationDetail.requireMs / 1000)}, activate ${ms(activationDetail.activateMs / 1000)}; ` +
  `with a C file open, activation parsed it ${activationDetail.readsDuringActivation} times and ${activationDetail.wasmLoadedDuringActivation ? 'loaded' : 'did not load'} tree-sitter's wasm)`);
// The JavaScript rows: the same file run by `memory-atlas run` and by node, each as a whole process.
for (const [name, file, target, limit] of [['JS fib(25), CLI', 'fib25.js', '< 0.15 s', 0.15], ['JS 1e5-entry Map cache with GCs running, CLI', 'map_cache_1e5.js', '< 1 s', 1]]) {
  const program = path.join(benchDir, 'programs', file);
  const ours = cliProcess(['run', program]);
  const reference = nodeProcess(program);
  const printed = execFileSync(process.execPath, [program], { encoding: 'utf8' });
  if (!ours.stdout.startsWith(printed)) console.log(`  !! ${file}: memory-atlas printed ${JSON.stringify(ours.stdout.slice(0, 80))}, node ${JSON.stringify(printed)}`);
  targetRow(name, s(ours.seconds), target, ours.seconds < limit, `node ${s(reference.seconds)}`, ratio(ours.seconds, reference.seconds));
  console.log(`  (CPU time ${s(ours.cpuSeconds)}, peak RSS ${ours.peakRssMB.toFixed(0)} MB)`);
}
console.log('');
// `npm run bench -- --targets`: the table above only.
if (process.argv.includes('--targets')) process.exit(0);

// --- The machine model: glibc malloc on the simulated kernel and MMU ---
const c = nativeMallocs();
const engine = node('millionMallocs.js');
row('case', 'measured', 'target', c ? 'native gcc -O0 + glibc, same run' : 'native', 'vs native');
row('1M malloc(64), no frees: engine on simulated kernel + MMU', s(engine.seconds), 'well under 1 s',
  c ? s(c.seconds) : NO_GCC, c ? ratio(engine.seconds, c.seconds) : '');
row('  host memory growth', `${engine.hostRssGrowthMB.toFixed(0)} MB`, '~ bytes touched',
  `simulated RSS ${engine.simulatedRssMB.toFixed(0)} MB; native peak RSS ${c ? c.peakRssMB.toFixed(0) + ' MB' : '-'}`);
row('  heap grown by brk', `${engine.heapMB.toFixed(1)} MB`, '', `${engine.minorFaults} minor faults (one per touched page)`);

// --- The C interpreter: whole programs on the simulated process ---
const find = (what, test) => {
  const r = results.find((x) => test(x.name));
  if (!r) console.log(`  !! interpreterBench.ts printed no ${what} result (names: ${results.map((x) => x.name).join('; ')})`);
  return r;
};
const loop = find('forgotten-free loop', (n) => /1,000,000/.test(n));
const fib = find('fib(25)', (n) => /fib\(25\)/.test(n));
const history = (r) => (r.checkpoints === undefined ? 'checkpoints not reported' : `${r.checkpoints} checkpoints kept for step back`);
console.log(`\nC interpreter on the simulated process (test/bench/interpreterBench.ts; programs in test/bench/programs/),`);
console.log(`every heap chunk tracked; native: the same file, gcc -O0, main timed in-process, median of 5; JSCPP ${jscppVersion}:\n`);
row('case', 'measured', 'target', gccVersion ? 'gcc -O0 native, same run' : 'native', 'vs native');

const loopNative = native('forgotten_free_loop.c');
if (loop) {
  row('forgotten-free loop: 1e6 x malloc(64) + sprintf', s(loop.seconds), against('< 2 s', loop.seconds, 2),
    loopNative ? s(loopNative.seconds) : NO_GCC, loopNative ? ratio(loop.seconds, loopNative.seconds) : '');
  console.log(`  (${loop.steps.toLocaleString('en-US')} steps, ${history(loop)})`);
  sameOutput('forgotten-free loop', loop.stdout, loopNative);
}
const JSCPP_LOOP = 1_000_000;
const JSCPP_SAMPLE = 50_000;
const jscppLoop = jscpp('forgotten_free_stack_buffer.c', fullJscpp ? undefined : JSCPP_SAMPLE, JSCPP_LOOP);
row('  JSCPP: stack-buffer variant (no malloc, sprintf in JSCPP)', s(jscppLoop.seconds), '',
  jscppLoop.scaled ? `${JSCPP_SAMPLE.toLocaleString('en-US')} iterations took ${s(jscppLoop.measuredSeconds)}; loop x${JSCPP_LOOP / JSCPP_SAMPLE}` : 'run at 1,000,000 iterations',
  loopNative ? ratio(jscppLoop.seconds, loopNative.seconds) : '');
if (jscppLoop.stdout !== 'hello') console.log(`  !! JSCPP printed ${JSON.stringify(jscppLoop.stdout)}`);

const fibNative = native('fib25.c');
if (fib) {
  row('fib(25), naive recursion', s(fib.seconds), against('< 0.5 s', fib.seconds, 0.5),
    fibNative ? s(fibNative.seconds) : NO_GCC, fibNative ? ratio(fib.seconds, fibNative.seconds) : '');
  console.log(`  (${fib.steps.toLocaleString('en-US')} steps, ${history(fib)})`);
  sameOutput('fib(25)', fib.stdout, fibNative);
}
const jscppFib = jscpp('fib25.c');
row('  JSCPP: fib(25)', s(jscppFib.seconds), '', 'the same program', fibNative ? ratio(jscppFib.seconds, fibNative.seconds) : '');
if (jscppFib.stdout !== '75025') console.log(`  !! JSCPP printed ${JSON.stringify(jscppFib.stdout)}`);

if (loop) {
  // The loop's million malloc(64) plus stdout's buffer, when interpreterBench.ts does not count them.
  const allocations = loop.allocations ?? 1_000_001;
  const [figure, what] = loop.hostMB !== undefined ? [loop.hostMB, 'JS heap + ArrayBuffers retained'] : [loop.rssMB, 'host RSS growth'];
  const perMillion = (figure * 1e6) / allocations;
  row('host memory per million tracked allocations', `${perMillion.toFixed(0)} MB`, against('< 200 MB', perMillion, 200),
    loopNative ? `native peak RSS ${loopNative.peakRssMB.toFixed(0)} MB` : NO_GCC, loopNative ? ratio(perMillion, loopNative.peakRssMB) : '');
  const rss = loop.hostMB !== undefined ? `; host RSS grew ${loop.rssMB} MB` : '';
  console.log(`  (${what} over the forgotten-free loop${rss}; ${allocations.toLocaleString('en-US')} allocations, ${history(loop)})`);
}

console.log('\nMemory system (test/bench/memoryBench.ts) and allocator on a flat host (test/bench/heapBench.ts):');
for (const file of ['memoryBench.js', 'heapBench.js']) {
  const text = execFileSync(process.execPath, [out(file)], { encoding: 'utf8' });
  for (const line of text.trim().split('\n')) console.log('  ' + line.trim());
}
