import * as assert from 'node:assert/strict';
import { compileProgram } from '../../../../../src/lang/c/interpreter/compileProgram';
import { CProgram } from '../../../../../src/lang/c/program/cProgram';
import { Session, type SessionOptions } from '../../../../../src/session/session';
import type { CParser } from '../../../../../src/lang/c/parser';
import { type InspectedValue, type InspectionError, isInspectionError } from '../../../../../src/engine/program/programInspector';
import { testParser } from '../../../cProgram';

/** A session on a C program (the tests reach into the C machine through `program`). */
export type CSession = Session<CProgram>;

export function cSession(parser: CParser, source: string, file: string, options: SessionOptions = {}): CSession {
  return new Session(CProgram.create(parser, source, file, options), options);
}

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
  const session = cSession(await testParser(), source, file, { noCheckpoints: true, ...options });
  if (session.state === 'invalid') {
    throw new Error(`the program has errors:\n${session.diagnostics.map((d) => `${d.range.startLine}:${d.range.startColumn}: ${d.message}`).join('\n')}`);
  }
  const end = session.run();
  const vm = session.program.vm!;
  return {
    stdout: vm.stdout, stderr: vm.stderr, session,
    code: end.kind === 'exited' ? end.code : null,
    signal: end.kind === 'exited' ? end.signal : undefined,
  };
}

/** A session paused at main's entry, for stepping tests. */
export async function startC(source: string, options: SessionOptions = {}): Promise<CSession> {
  return cSession(await testParser(), source, 'test.c', options);
}

/**
 * Runs `body` as main's body after `prelude` (chibicc style: the program checks its own results)
 * and compares the exit status with what the same program gives compiled by gcc -O0 on x86-64.
 */
export async function returns(expected: number, body: string, prelude = ''): Promise<void> {
  const run = await runC(`#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <stdint.h>\n${prelude}\nint main(void) { ${body} }\n`);
  assert.equal(run.code, expected, `${body}\nstderr: ${run.stderr}`);
}

/** The error messages a program gets, in source order. */
export async function errorsOf(source: string): Promise<string[]> {
  return compileProgram(await testParser(), source, 'test.c').diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

/** What the inspector answered, failing the test when it answered with an error. */
export function inspected(v: InspectedValue | InspectionError): InspectedValue {
  if (isInspectionError(v)) assert.fail(v.error);
  return v;
}
