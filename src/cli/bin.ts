import * as path from 'path';
import { runCli } from './runCli';

/** Process entry of the bundled `memory-atlas` command (dist/cli.js, wasm files beside it). */
runCli(process.argv.slice(2), (file) => path.join(__dirname, file)).then(
  (out) => {
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    process.exitCode = out.exitCode;
  },
  (e: unknown) => {
    process.stderr.write(`memory-atlas: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 70;
  },
);
