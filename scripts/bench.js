#!/usr/bin/env node
// `npm run bench`: measures the engine and prints each figure beside its target and beside the
// native program measured in the same run. Timings are reported, never asserted by tests.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const out = (file) => path.join(root, 'out', 'test', 'bench', file);
const node = (file, ...args) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', out(file), ...args], { encoding: 'utf8' }).trim().split('\n').pop());

function native() {
  const gcc = spawnSync('gcc', ['--version']);
  if (gcc.status !== 0) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-bench-'));
  try {
    const exe = path.join(dir, 'million-mallocs');
    execFileSync('gcc', ['-O0', '-o', exe, path.join(root, 'test', 'bench', 'native', 'million-mallocs.c')]);
    return JSON.parse(execFileSync(exe, { encoding: 'utf8' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const row = (name, value, target, reference) => console.log(`${name.padEnd(58)} ${value.padStart(12)}   ${target.padEnd(22)} ${reference}`);

console.log(`Memory Atlas benchmarks (node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'})\n`);
const c = native();
const engine = node('millionMallocs.js');
row('case', 'measured', 'target', c ? 'native gcc -O0 + glibc, same run' : 'native (gcc not installed)');
row('1M malloc(64), no frees: engine on simulated kernel + MMU', `${engine.seconds.toFixed(3)} s`, 'well under 1 s',
  c ? `${c.seconds.toFixed(3)} s (engine ${(engine.seconds / c.seconds).toFixed(0)}x native)` : '-');
row('  host memory growth', `${engine.hostRssGrowthMB.toFixed(0)} MB`, '~ bytes touched',
  `simulated RSS ${engine.simulatedRssMB.toFixed(0)} MB; native peak RSS ${c ? c.peakRssMB.toFixed(0) + ' MB' : '-'}`);
row('  heap grown by brk', `${engine.heapMB.toFixed(1)} MB`, '', `${engine.minorFaults} minor faults (one per touched page)`);

console.log('\nMemory system (test/bench/memoryBench.ts) and allocator on a flat host (test/bench/heapBench.ts):');
for (const file of ['memoryBench.js', 'heapBench.js']) {
  const text = execFileSync(process.execPath, [out(file)], { encoding: 'utf8' });
  for (const line of text.trim().split('\n')) console.log('  ' + line.trim());
}
