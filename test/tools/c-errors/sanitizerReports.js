// What AddressSanitizer (gcc -fsanitize=address) and Valgrind Memcheck say about a C program of
// test/fixtures/c-errors, reduced to the facts the memory checks are compared on: the error's
// kind (in Memory Atlas's names), the line of the faulting access (of the free call for bad
// frees), the access, and what the address is (the block with its allocation and free lines, the
// stack variable, the global). Used by test/tools/record-c-errors.js to record the expectations,
// and by the unit test to re-check them live when the tools are installed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const TIMEOUT_MS = 60000;

/** The tool line 1 of a program names: `[asan]`, `[memcheck]` or `[own]` (our documented expectation). */
function toolOf(sourceText) {
  const m = /\[(asan|memcheck|own)\]/.exec(sourceText.split('\n')[0]);
  if (!m) throw new Error('line 1 names no tool: [asan], [memcheck] or [own]');
  return m[1];
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

let asanWorks;
/** gcc can build and run an ASan program here. */
function asanAvailable() {
  if (asanWorks !== undefined) return asanWorks;
  asanWorks = false;
  if (!has('gcc')) return asanWorks;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asan-probe-'));
  try {
    const src = path.join(dir, 'probe.c');
    fs.writeFileSync(src, 'int main(void) { return 0; }\n');
    const exe = path.join(dir, 'probe');
    const built = spawnSync('gcc', ['-fsanitize=address', src, '-o', exe], { encoding: 'utf8' });
    asanWorks = built.status === 0 && spawnSync(exe, [], { encoding: 'utf8' }).status === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return asanWorks;
}

function memcheckAvailable() {
  return has('gcc') && has('valgrind');
}

function toolAvailable(tool) {
  if (tool === 'asan') return asanAvailable();
  if (tool === 'memcheck') return memcheckAvailable();
  return false;
}

function compilerVersion() {
  return spawnSync('gcc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
}

/** Builds and runs the program under the tool; returns the tool's report text. */
function runTool(tool, file) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c-errors-'));
  try {
    const exe = path.join(dir, path.basename(file, '.c'));
    const flags = tool === 'asan' ? ['-fsanitize=address'] : [];
    const built = spawnSync('gcc', ['-g', '-O0', '-w', ...flags, file, '-o', exe], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`gcc failed on ${file}:\n${built.stderr}`);
    const setarch = has('setarch');
    const command = tool === 'asan' ? [exe] : ['valgrind', '--track-origins=yes', exe];
    const [cmd, ...args] = setarch ? ['setarch', '-R', ...command] : command;
    const run = spawnSync(cmd, args, {
      encoding: 'utf8', input: '', timeout: TIMEOUT_MS,
      env: { PATH: process.env.PATH, LC_ALL: 'C', ASAN_OPTIONS: 'detect_leaks=0:detect_stack_use_after_return=1' },
    });
    return run.stderr;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The first stack frame of `lines` (from index `from`) that is in the program's own source: [function, line]. */
function firstOwnFrame(lines, from, source) {
  const re = new RegExp(`^\\s+#\\d+ 0x[0-9a-f]+ in (\\S+) \\S*\\b${source.replace('.', '\\.')}:(\\d+)`);
  // The frames right after the line at `from` (SEGV reports put ==pid== notes before them).
  for (let i = from + 1; i < lines.length; i++) {
    const l = lines[i];
    if (/^==\d+==/.test(l) || /^(READ|WRITE) of size/.test(l)) continue;
    if (!/^\s+#\d+ /.test(l)) break;
    const m = re.exec(l);
    if (m) return { function: m[1], line: Number(m[2]) };
  }
  return undefined;
}

const ASAN_KINDS = {
  'heap-use-after-free': 'use-after-free',
  'heap-buffer-overflow': 'heap-buffer-overflow',
  'stack-buffer-overflow': 'stack-buffer-overflow',
  'stack-buffer-underflow': 'stack-buffer-overflow',
  'dynamic-stack-buffer-overflow': 'stack-buffer-overflow',
  'global-buffer-overflow': 'global-buffer-overflow',
  'stack-use-after-return': 'stack-use-after-return',
  'stack-overflow': 'stack-overflow',
};

/** The facts of ASan's first report in `text` for the program `source` (its file name). */
function parseAsan(text, source) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /ERROR: AddressSanitizer: /.test(l));
  if (start < 0) return undefined;
  const header = lines[start];
  const out = {};
  let m;
  if ((m = /AddressSanitizer: attempting double-free on (0x[0-9a-f]+)/.exec(header))) out.kind = 'double-free';
  else if ((m = /AddressSanitizer: attempting free on address which was not malloc\(\)-ed: (0x[0-9a-f]+)/.exec(header))) out.kind = 'invalid-free';
  else if ((m = /AddressSanitizer: SEGV on unknown address( 0x[0-9a-f]+| \(pc)/.exec(header))) {
    // No address when the fault was a general protection fault (a non-canonical, "high value" address).
    out.kind = lines.some((l) => /Hint: address points to the zero page/.test(l)) ? 'null-dereference' : 'segfault';
  } else if (/AddressSanitizer: FPE on unknown address/.test(header)) {
    // SIGFPE (an integer division by zero): Memory Atlas reports it as 'arithmetic', not a memory error.
    out.kind = 'arithmetic';
  } else if (/AddressSanitizer: (calloc parameters overflow|requested allocation size|allocator is out of memory|out of memory)/.test(header)) {
    // An allocation that returned NULL (allocator_may_return_null=0): Memory Atlas's out-of-memory.
    out.kind = 'out-of-memory';
  } else if ((m = /AddressSanitizer: ([a-z-]+) on address (0x[0-9a-f]+)/.exec(header))) {
    out.kind = ASAN_KINDS[m[1]];
    if (!out.kind) throw new Error(`unknown ASan error kind ${m[1]}`);
  } else throw new Error(`unrecognized ASan report: ${header}`);
  const access = /^(READ|WRITE) of size (\d+)/m.exec(text);
  if (access && out.kind !== 'null-dereference' && out.kind !== 'segfault') {
    out.access = access[1].toLowerCase();
    out.size = Number(access[2]);
  }
  const signalAccess = /The signal is caused by a (READ|WRITE) memory access/.exec(text);
  if (signalAccess) out.access = signalAccess[1].toLowerCase();
  const at = firstOwnFrame(lines, start, source);
  if (!at) throw new Error(`no frame of ${source} in the ASan report`);
  out.line = at.line;
  out.function = at.function;
  const region = /is located (\d+) bytes (to the right of|to the left of|inside of) (\d+)-byte region/.exec(text);
  if (region) {
    out.block = { relation: { 'to the right of': 'after', 'to the left of': 'before', 'inside of': 'inside' }[region[2]], offset: Number(region[1]), size: Number(region[3]) };
    const freed = lines.findIndex((l) => /^freed by thread/.test(l));
    if (freed >= 0) out.block.freedLine = firstOwnFrame(lines, freed, source)?.line;
    const allocated = lines.findIndex((l) => /^(previously )?allocated by thread/.test(l));
    if (allocated >= 0) out.block.allocatedLine = firstOwnFrame(lines, allocated, source)?.line;
  }
  const variable = /\[\d+, \d+\) '([^']+)' \(line (\d+)\) <== Memory access at offset \d+ (overflows|underflows|partially overflows|partially underflows|is inside) this variable/.exec(text);
  if (variable) {
    const range = /\[(\d+), (\d+)\) '([^']+)' \(line \d+\) <==/.exec(variable[0]);
    out.variable = { name: variable[1], size: Number(range[2]) - Number(range[1]), line: Number(variable[2]) };
  }
  const global = /is located (\d+) bytes to the (right|left) of global variable '([^']+)' defined in '[^']*:(\d+):\d+' \(0x[0-9a-f]+\) of size (\d+)/.exec(text);
  if (global) {
    out.variable = { name: global[3], size: Number(global[5]), line: Number(global[4]) };
    out.block = undefined;
  }
  return out;
}

/** The facts of Memcheck's first error about uninitialized values in `text`. */
function parseMemcheck(text, source) {
  const lines = text.split('\n').map((l) => l.replace(/^==\d+== ?/, ''));
  const start = lines.findIndex((l) => /uninitialised/.test(l) && !/^\s/.test(l));
  if (start < 0) return undefined;
  const re = new RegExp(`\\((?:in )?${source.replace('.', '\\.')}:(\\d+)\\)`);
  let line;
  for (let i = start + 1; i < lines.length && /^\s+(at|by) /.test(lines[i]); i++) {
    const m = re.exec(lines[i]);
    if (m) { line = Number(m[1]); break; }
  }
  if (line === undefined) throw new Error(`no frame of ${source} in Memcheck's report`);
  const origin = /Uninitialised value was created by an? (stack|heap) allocation/.exec(lines.slice(start).join('\n'));
  return { kind: 'uninitialized-read', line, what: lines[start].trim(), ...(origin ? { origin: origin[1] } : {}) };
}

/** The report's first lines, addresses and pids kept as they were, for a reader of the fixture. */
function excerpt(text, tool, file) {
  // Paths of this checkout and of the temporary build would change with every recording.
  const here = path.dirname(path.resolve(file)) + '/';
  const lines = text.split('\n').map((l) => l.replace(/^==\d+== ?/, '').split(here).join('').replace(/\/tmp\/c-errors-[^/]+\//g, ''));
  const start = tool === 'asan' ? lines.findIndex((l) => /ERROR: AddressSanitizer/.test(l)) : lines.findIndex((l) => /uninitialised/.test(l));
  return lines.slice(Math.max(0, start), Math.max(0, start) + 14).filter((l) => l.trim() !== '');
}

/** Runs the tool line 1 names on the program and returns its expectation (facts + provenance). */
function observe(file) {
  const text = fs.readFileSync(file, 'utf8');
  const tool = toolOf(text);
  if (tool === 'own') throw new Error(`${path.basename(file)} has no tool to run: its expectation is written by hand`);
  const report = runTool(tool, file);
  const source = path.basename(file);
  const facts = tool === 'asan' ? parseAsan(report, source) : parseMemcheck(report, source);
  if (!facts) throw new Error(`${tool} reported no error for ${source}:\n${report}`);
  for (const k of Object.keys(facts)) if (facts[k] === undefined) delete facts[k];
  const toolName = tool === 'asan' ? `AddressSanitizer (${compilerVersion()}, -g -O0 -fsanitize=address)` : `Valgrind Memcheck (${spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).stdout.trim()}, --track-origins=yes)`;
  return { tool: toolName, ...facts, report: excerpt(report, tool, file) };
}

module.exports = { toolOf, toolAvailable, asanAvailable, observe, parseAsan, parseMemcheck, ASAN_KINDS };
