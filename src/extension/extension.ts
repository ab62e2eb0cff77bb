import * as vscode from 'vscode';
import { AddressSpacePanel, PANEL_VIEW_TYPE, type PanelState } from './addressSpacePanel';
import { DiagnosticsController } from './diagnosticsController';
import { MainCodeLensProvider } from './mainCodeLens';
import { ProgramImages, isCDocument } from './programImages';
import { SymbolHoverProvider } from './symbolHover';
import type { ComparePanel } from './comparePanel';
import type { PlaygroundPanel } from './playgroundPanel';
import { InlineDebugAdapterFactory } from './debug/debugAdapterFactory';
import { DEBUG_TYPE } from './debug/debugType';
import { MemoryAtlasConfigurationProvider } from './debug/debugConfigurations';
import { DebugStops, type LiveViews } from './debug/debugStops';
import { CEvaluatableExpressionProvider } from './debug/evaluatableExpressions';
import { InlinePointerValues } from './debug/inlinePointerValues';
import { stepThroughFile } from './debug/stepThroughCommand';
import { ExampleFiles } from './tutorials/exampleFiles';
import { copyExample, openExample, type OpenExampleOptions } from './tutorials/openExample';
import { TourController } from './tutorials/tourController';
import { EXAMPLE_SCHEME } from '../shared/tutorials';

/**
 * The panels that run an engine of their own, loaded by their commands: webpack makes each
 * `import()` a chunk (dist/extension.N.js), so activation does not load the session, the C
 * front end or the allocators (the debug adapter and the program images load theirs the same way).
 */
const loaded: { compare?: typeof import('./comparePanel'); playground?: typeof import('./playgroundPanel') } = {};

/**
 * Activation wires the pieces together and does no work of its own: tree-sitter and the engine
 * load on the first C file or command that needs them. Activation events: a C file opens, the
 * command runs, or VS Code restores a Memory Atlas panel.
 */
export function activate(context: vscode.ExtensionContext): MemoryAtlasApi {
  const images = new ProgramImages(context.extensionUri);
  const c: vscode.DocumentSelector = [{ language: 'c' }];
  const examples = new ExampleFiles(context.extensionUri);
  const tours = new TourController(context.globalState, () => ({ showTour: (session, state) => AddressSpacePanel.showTour(session, state) }));
  AddressSpacePanel.configure({
    extensionUri: context.extensionUri, images, memento: context.globalState,
    tutorials: {
      examples: () => examples.listing(),
      openExample: async (path, step) => void (await openExample(examples, path, { step })),
      answer: (session, question, answer) => tours.answer(session, question, answer),
    },
  });
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(EXAMPLE_SCHEME, examples, { isReadonly: true, isCaseSensitive: true }),
    tours,
    vscode.commands.registerCommand('memoryAtlas.openExample', (path?: unknown, options?: OpenExampleOptions) => openExample(examples, path, options)),
    vscode.commands.registerCommand('memoryAtlas.copyExample', (example?: vscode.Uri | string) => copyExample(example)),
    images,
    new DiagnosticsController(images),
    vscode.languages.registerHoverProvider(c, new SymbolHoverProvider(images)),
    vscode.languages.registerCodeLensProvider(c, new MainCodeLensProvider(images)),
    vscode.commands.registerCommand('memoryAtlas.showAddressSpace', (uri?: vscode.Uri) => showAddressSpace(context.extensionUri, images, uri)),
    vscode.commands.registerCommand('memoryAtlas.fragmentationPlayground', async () => {
      loaded.playground ??= await import('./playgroundPanel');
      loaded.playground.PlaygroundPanel.show(context.extensionUri);
    }),
    vscode.commands.registerCommand('memoryAtlas.compareAllocators', async (uri?: vscode.Uri, allocators?: readonly string[]) => {
      const [command, panel] = await Promise.all([import('./compareCommand'), import('./comparePanel')]);
      loaded.compare = panel;
      return command.compareAllocators(context.extensionUri, images, uri, allocators);
    }),
    vscode.commands.registerCommand('memoryAtlas.stepThrough', (uri?: vscode.Uri) => stepThroughFile(uri)),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineDebugAdapterFactory(context.extensionUri)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new MemoryAtlasConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new MemoryAtlasConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.languages.registerEvaluatableExpressionProvider(c, new CEvaluatableExpressionProvider()),
    vscode.languages.registerInlineValuesProvider(c, new InlinePointerValues()),
    new DebugStops(liveViews),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        AddressSpacePanel.revive(panel, context.extensionUri, images, state as PanelState | undefined);
      },
    }),
  );
  return { images, panel: () => AddressSpacePanel.instance, comparePanel: () => loaded.compare?.ComparePanel.instance, playground: () => loaded.playground?.PlaygroundPanel.instance, milestones: () => tours.milestones };
}

/** The memory panel as the debug stops see it (it opens itself on the first stop). */
function liveViews(): LiveViews | undefined {
  return {
    showStop: (session, snapshot) => AddressSpacePanel.showStop(session, snapshot),
    endSession: (session) => AddressSpacePanel.endSession(session),
    selectFrame: (session, frame) => AddressSpacePanel.selectFrame(session, frame),
  };
}

export function deactivate(): void {
  AddressSpacePanel.instance?.dispose();
  loaded.compare?.ComparePanel.instance?.dispose();
  loaded.playground?.PlaygroundPanel.instance?.dispose();
}

/** What the extension exports (used by its end-to-end tests). */
export interface MemoryAtlasApi {
  readonly images: ProgramImages;
  panel(): AddressSpacePanel | undefined;
  comparePanel(): ComparePanel | undefined;
  playground(): PlaygroundPanel | undefined;
  /** The tutorials' milestones reached so far (the walkthroughs' context keys). */
  milestones(): ReadonlySet<string>;
}

async function showAddressSpace(extensionUri: vscode.Uri, images: ProgramImages, uri: vscode.Uri | undefined): Promise<void> {
  const document = uri
    ? await vscode.workspace.openTextDocument(uri)
    : vscode.window.activeTextEditor?.document;
  if (!document || !isCDocument(document)) {
    void vscode.window.showInformationMessage('Memory Atlas: open a C file first, then run "Memory Atlas: Show Address Space".');
    return;
  }
  AddressSpacePanel.createOrShow(extensionUri, images, document);
}
