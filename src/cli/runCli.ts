import * as fs from 'fs';
import * as path from 'path';
import { CParser, type WasmLocator } from '../lang/c/parser';
import { USAGE, parseArguments } from './arguments';
import { type CommandOutput, mapsCommand } from './mapsCommand';
import { runCommand, runCommandWithProgress } from './runCommand';
import { runJsCommand } from './runJsCommand';
import { ProgressLine, type ProgressTerminal } from './progressLine';
import { compareCommand } from './compareCommand';
import { checkCommand } from './checkCommand';
import { cLanguage } from '../lang/c/program/cLanguage';
import { jsLanguage } from '../lang/js/jsLanguage';
import { ALLOCATOR_NAMES } from '../shared/allocators';
import { decodeSource } from '../lang/sourceText';
import { INTERNAL_ERROR_STATUS } from '../shared/runReport';

/**
 * The `memory-atlas` command, independent of the process it runs in: the caller says where the
 * tree-sitter wasm files are (next to the bundle for dist/cli.js, node_modules for tests).
 */
export async function runCli(argv: readonly string[], locate: WasmLocator, terminal?: ProgressTerminal): Promise<CommandOutput> {
  const args = parseArguments(argv);
  if (args.version) return { stdout: `memory-atlas ${packageVersion()}\n`, stderr: '', exitCode: 0 };
  if (args.help || !args.command) return { stdout: USAGE + '\n', stderr: '', exitCode: args.help ? 0 : 2 };
  if (args.unknownOptions.length) return usageError(`unknown option ${args.unknownOptions.join(', ')}`);
  if (args.badValues.length) return usageError(args.badValues.join('; '));
  if (args.command !== 'maps' && args.command !== 'run' && args.command !== 'compare' && args.command !== 'check') return usageError(`unknown command '${args.command}'`);
  if (args.allocator && args.command !== 'run') return usageError(`--allocator is for run (compare takes --allocators)`);
  if (args.allocators && args.command !== 'compare') return usageError(`--allocators is for compare (run takes --allocator)`);
  if (args.command === 'check') return check(args.files, args.json, locate);
  if (args.files.length !== 1) return usageError(`${args.command} takes exactly one ${args.command === 'run' ? 'C or JavaScript' : 'C'} file`);
  const file = args.files[0];
  const javascript = /\.c?js$/i.test(file);
  if (javascript && args.command !== 'run') return usageError(`${args.command} takes a C file (JavaScript files can be run)`);
  if (!javascript && args.gc) return usageError('--gc is for JavaScript files (run FILE.js)');
  if (javascript && (args.allocator || args.keepGoing || args.stdin !== undefined || args.stdinFile !== undefined)) return usageError('--allocator, --keep-going, --stdin and --stdin-file are for C programs');
  // The only files the command reads: the program and, if given, the file of its stdin.
  const program = readInput(file, 'cannot read');
  if (typeof program === 'string') return fileError(program);
  let stdin = args.stdin;
  if (args.stdinFile !== undefined) {
    const input = readInput(args.stdinFile, 'cannot read the --stdin-file');
    if (typeof input === 'string') return fileError(input);
    stdin = new TextDecoder().decode(input);
  }
  const source = decodeSource(program);
  if (javascript) return runJsCommand(source.text, file, { json: args.json, maxSteps: args.maxSteps, ramBytes: args.ramBytes, swapBytes: args.swapBytes, gc: args.gc, inputDiagnostics: source.diagnostics });
  const parser = await CParser.create(locate);
  if (args.command === 'run') {
    const options = { json: args.json, stdin, maxSteps: args.maxSteps, ramBytes: args.ramBytes, swapBytes: args.swapBytes, keepGoing: args.keepGoing, allBlocks: args.allBlocks, inputDiagnostics: source.diagnostics, allocator: args.allocator };
    // A long run prints nothing until it ends: on a terminal, a progress line says how far it is.
    const progress = terminal && new ProgressLine(terminal);
    return progress?.enabled ? runCommandWithProgress(parser, source.text, file, options, progress) : runCommand(parser, source.text, file, options);
  }
  if (args.command === 'compare') {
    return compareCommand(parser, source.text, file, {
      json: args.json, stdin, maxSteps: args.maxSteps, ramBytes: args.ramBytes, swapBytes: args.swapBytes, keepGoing: args.keepGoing,
      allocators: args.allocators ?? ALLOCATOR_NAMES, inputDiagnostics: source.diagnostics,
    });
  }
  try {
    return mapsCommand(parser, source.text, file, args.json, source.diagnostics);
  } catch (e) {
    return { stdout: '', stderr: `memory-atlas: internal error while building the process image: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (a defect of Memory Atlas, not of the program: please report it with the file)\n`, exitCode: INTERNAL_ERROR_STATUS };
  }
}

/** `check FILE...`: every file's annotations against its run (the files are read first; one unreadable file stops it). */
async function check(files: readonly string[], json: boolean, locate: WasmLocator): Promise<CommandOutput> {
  if (files.length === 0) return usageError('check takes one or more annotated .c or .js files');
  const inputs = [];
  for (const file of files) {
    const bytes = readInput(file, 'cannot read');
    if (typeof bytes === 'string') return fileError(bytes);
    const source = decodeSource(bytes);
    inputs.push({ file, text: source.text, diagnostics: source.diagnostics });
  }
  return checkCommand([cLanguage(locate), jsLanguage()], inputs, json);
}

/**
 * A file's bytes, or the message saying why they cannot be read. At most MAX_INPUT_BYTES are
 * read, whatever the file claims to be (a device such as /dev/zero never ends).
 */
function readInput(file: string, what: string): Uint8Array | string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return `memory-atlas: ${what} ${file}: it is a directory`;
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      // A regular file's size says how much to read (a device or a pipe gives 0: read by MiB).
      const chunk = new Uint8Array(chunks.length === 0 && stat.size > 0 ? Math.min(stat.size + 1, MAX_INPUT_BYTES + 1) : 1 << 20);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_INPUT_BYTES) return `memory-atlas: ${what} ${file}: it is larger than ${MAX_INPUT_BYTES / (1 << 20)} MiB, far more than any program Memory Atlas runs`;
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    return `memory-atlas: ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Files are read whole up to this size; the front ends then say what they accept (MAX_SOURCE_CHARACTERS). */
const MAX_INPUT_BYTES = 64 << 20;

function fileError(message: string): CommandOutput {
  return { stdout: '', stderr: message + '\n', exitCode: 2 };
}

function usageError(message: string): CommandOutput {
  return { stdout: '', stderr: `memory-atlas: ${message}\n\n${USAGE}\n`, exitCode: 2 };
}

function packageVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      return (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (bundled dist/ or compiled out/src/cli/)
    }
  }
  return 'unknown';
}

