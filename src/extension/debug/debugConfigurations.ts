import * as vscode from 'vscode';
import type { LaunchArguments } from '../../debug/launchArguments';
import { DEBUG_TYPE, STEPPABLE_LANGUAGES } from './debugType';
import { parseAnnotations } from '../../shared/annotations';

/** The launch.json a user gets from "create a launch.json file" and from F5 with none. */
export function initialConfiguration(): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: 'Memory Atlas: step through the current C file', program: '${file}', stopOnEntry: true };
}

/**
 * Completes a launch configuration: F5 without a launch.json steps the active C file; what the
 * configuration leaves out comes from the settings (memoryAtlas.debug.*, memoryAtlas.machine.*);
 * the document's text goes along, so unsaved edits, untitled and virtual files run as shown.
 */
export class MemoryAtlasConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [initialConfiguration()];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const editor = vscode.window.activeTextEditor;
      const language = editor && STEPPABLE_LANGUAGES[editor.document.languageId];
      if (!editor || !language) {
        void vscode.window.showInformationMessage('Memory Atlas: open a C or JavaScript file to step through it.');
        return undefined;
      }
      config = { ...initialConfiguration(), name: `Memory Atlas: step through the current ${language === 'c' ? 'C' : 'JavaScript'} file`, program: programPath(editor.document), language };
    }
    return withSettings(config);
  }

  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const program = typeof config.program === 'string' ? config.program : '';
    const document = vscode.workspace.textDocuments.find((d) => programPath(d) === program || d.uri.fsPath === program);
    if (!program) {
      void vscode.window.showErrorMessage("Memory Atlas: the launch configuration names no 'program' (the C or JavaScript file to run).");
      return undefined;
    }
    return document && config.sourceText === undefined ? { ...config, sourceText: document.getText() } : config;
  }
}

/** The name the adapter knows a document by: its path for files, its URI otherwise (untitled, virtual). */
export function programPath(document: vscode.TextDocument): string {
  return document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString();
}

/**
 * The settings a launch configuration did not set itself. A file's own run settings
 * (`@atlas ram:`, `swap:`, `step-limit:`) win over the user's defaults, and a launch.json over both.
 */
export function withSettings(config: vscode.DebugConfiguration): vscode.DebugConfiguration {
  const settings = vscode.workspace.getConfiguration('memoryAtlas');
  const stdin = settings.get<string>('debug.stdin', '');
  const text = typeof config.sourceText === 'string' ? config.sourceText : vscode.workspace.textDocuments.find((d) => programPath(d) === config.program)?.getText();
  const annotated = text === undefined ? {} : parseAnnotations(text).settings;
  const defaults: Partial<LaunchArguments> = {
    stopOnEntry: settings.get<boolean>('debug.stopOnEntry', true),
    memoryChecks: settings.get<boolean>('debug.memoryChecks', true),
    keepGoing: settings.get<boolean>('debug.keepGoing', false),
    ...(annotated.stepLimit === undefined ? { stepLimit: settings.get<number>('debug.stepLimit', 10_000_000) } : {}),
    ...(annotated.ramBytes === undefined ? { ramMiB: settings.get<number>('machine.ramMiB', 256) } : {}),
    ...(annotated.swapBytes === undefined ? { swapMiB: settings.get<number>('machine.swapMiB', 512) } : {}),
    // A fallback, not `allocator`: the file's own annotation still wins over the setting.
    defaultAllocator: settings.get<string>('machine.allocator', 'glibc'),
    ...(stdin && config.stdin === undefined && config.stdinFile === undefined ? { stdin } : {}),
  };
  return { ...defaults, ...config };
}
