import * as fs from 'fs';
import * as path from 'path';
import { CParser, type WasmLocator } from '../lang/c/parser';
import { USAGE, parseArguments } from './arguments';
import { type CommandOutput, mapsCommand } from './mapsCommand';
import { runCommand } from './runCommand';
import { compareCommand } from './compareCommand';
import { ALLOCATOR_NAMES } from '../shared/allocators';

/**
 * The `memory-atlas` command, independent of the process it runs in: the caller says where the
 * tree-sitter wasm files are (next to the bundle for dist/cli.js, node_modules for tests).
 */
export async function runCli(argv: readonly string[], locate: WasmLocator): Promise<CommandOutput> {
  const args = parseArguments(argv);
  if (args.version) return { stdout: `memory-atlas ${packageVersion()}\n`, stderr: '', exitCode: 0 };
  if (args.help || !args.command) return { stdout: USAGE + '\n', stderr: '', exitCode: args.help ? 0 : 2 };
  if (args.unknownOptions.length) return usageError(`unknown option ${args.unknownOptions.join(', ')}`);
  if (args.badValues.length) return usageError(args.badValues.join('; '));
  if (args.command !== 'maps' && args.command !== 'run' && args.command !== 'compare') return usageError(`unknown command '${args.command}'`);
  if (args.allocator && args.command !== 'run') return usageError(`--allocator is for run (compare takes --allocators)`);
  if (args.allocators && args.command !== 'compare') return usageError(`--allocators is for compare (run takes --allocator)`);
  if (args.files.length !== 1) return usageError(`${args.command} takes exactly one C file`);
  const file = args.files[0];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { stdout: '', stderr: `memory-atlas: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`, exitCode: 2 };
  }
  const parser = await CParser.create(locate);
  if (args.command === 'run') return runCommand(parser, text, file, { json: args.json, stdin: args.stdin, maxSteps: args.maxSteps, keepGoing: args.keepGoing, allBlocks: args.allBlocks, allocator: args.allocator });
  if (args.command === 'compare') {
    return compareCommand(parser, text, file, { json: args.json, stdin: args.stdin, maxSteps: args.maxSteps, keepGoing: args.keepGoing, allocators: args.allocators ?? ALLOCATOR_NAMES });
  }
  return mapsCommand(parser, text, file, args.json);
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

