import * as fs from 'fs';
import { DebugSession } from '@vscode/debugadapter';
import { MemoryAtlasDebugSession } from './memoryAtlasDebugSession';
import { memoryAtlasLanguages } from './languages';

/**
 * The debug adapter over stdio (`node dist/debugAdapter.js`, or `memory-atlas-debug`): the same
 * adapter the extension runs inline, for any DAP client (nvim-dap, Emacs dap-mode, a script).
 */
class StdioDebugSession extends MemoryAtlasDebugSession {
  constructor() {
    super(memoryAtlasLanguages(__dirname), { readText: (p) => fs.readFileSync(p, 'utf8') });
  }
}

DebugSession.run(StdioDebugSession);
