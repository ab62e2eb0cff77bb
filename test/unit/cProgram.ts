import * as fs from 'fs';
import * as path from 'path';
import { buildProcessImage, type ProcessImage } from '../../src/engine/image/processImage';
import { analyzeProgram, type AnalyzedProgram } from '../../src/lang/c/analyzeProgram';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { CParser } from '../../src/lang/c/parser';

/** Shared by the unit tests: one parser per test process, and C fixtures by name. */
let parser: Promise<CParser> | undefined;

export function testParser(): Promise<CParser> {
  parser ??= CParser.create(nodeModulesLocator);
  return parser;
}

export const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'c');

export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}

export async function analyzeSource(source: string, file = 'test.c'): Promise<AnalyzedProgram> {
  return analyzeProgram(await testParser(), source, file);
}

export async function imageOfSource(source: string, file = 'test.c'): Promise<ProcessImage & { analyzed: AnalyzedProgram }> {
  const analyzed = await analyzeSource(source, file);
  return { ...buildProcessImage(analyzed.program), analyzed };
}

export function readFixture(name: string): string {
  return fs.readFileSync(fixturePath(name), 'utf8');
}
