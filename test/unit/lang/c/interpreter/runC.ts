import { CSession } from '../../../../../src/engine/session/cSession';
import type { SessionOptions } from '../../../../../src/engine/session/session';
import { testParser } from '../../../cProgram';

export interface CRun {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit status, or null when a signal ended the process. */
  readonly code: number | null;
  readonly signal?: string;
  readonly session: CSession;
}

/** Runs a C program to its end on a fresh simulated process. */
export async function runC(source: string, options: SessionOptions = {}, file = 'test.c'): Promise<CRun> {
  const session = CSession.create(await testParser(), source, file, { noCheckpoints: true, ...options });
  if (session.state === 'invalid') {
    throw new Error(`the program has errors:\n${session.diagnostics.map((d) => `${d.range.startLine}:${d.range.startColumn}: ${d.message}`).join('\n')}`);
  }
  const end = session.run();
  const vm = session.vm!;
  return {
    stdout: vm.stdout, stderr: vm.stderr, session,
    code: end.kind === 'exited' ? end.code : null,
    signal: end.kind === 'exited' ? end.signal : undefined,
  };
}

/** A session paused at main's entry, for stepping tests. */
export async function startC(source: string, options: SessionOptions = {}): Promise<CSession> {
  return CSession.create(await testParser(), source, 'test.c', options);
}
