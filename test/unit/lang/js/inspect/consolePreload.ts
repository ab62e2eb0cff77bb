/**
 * Loaded with `node --expose-internals -r` before a corpus program: console.log, info, error and
 * warn print through our formatter on the program's real values instead of node's, so the
 * program's output can be compared with what node itself printed for it.
 */
import { formatLogArguments } from '../../../../../src/lang/js/inspect/formatLogArguments';
import { realValueHost } from './realValueHost';

const streams = { log: process.stdout, info: process.stdout, error: process.stderr, warn: process.stderr } as const;
for (const [method, stream] of Object.entries(streams)) {
  (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]) => {
    stream.write(`${formatLogArguments(realValueHost, args)}\n`);
  };
}
