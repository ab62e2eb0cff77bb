import * as path from 'path';
import { runCli } from './runCli';

/** Process entry of the bundled `memory-atlas` command (dist/cli.js, wasm files beside it). */
runCli(process.argv.slice(2), (file) => path.join(__dirname, file), process.stderr).then(
  (out) => {
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    process.exitCode = out.exitCode;
  },
  (e: unknown) => {
    // The last resort (the commands catch their own failures): one line, the stack only on request.
    const detail = process.env.MEMORY_ATLAS_DEBUG ? (e as Error).stack ?? String(e) : e instanceof Error ? e.message : String(e);
    process.stderr.write(`memory-atlas: internal error: ${detail}\n`);
    process.exitCode = 70;
  },
);
