/**
 * The first feature end to end, in a real VS Code: open a C file, run "Memory Atlas: Show Address
 * Space" from the command palette, and check that the panel's DOM shows the regions and every
 * symbol the engine computed; hover a global; see the code lens; get diagnostics for a broken file.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MemoryAtlasApi } from '../../../src/extension/extension';
import {
  hasRunnerChannel, runFromCommandPalette, screenshotWebview, screenshotWorkbench, waitForWebviewText, webviewClick, webviewEval, webviewText,
} from './runnerChannel';
import { until } from './until';

/** Relative luminance of a CSS `rgb(r, g, b)` colour (WCAG 2). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const EXTENSION_ID = 'memory-atlas.memory-atlas';
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const example = vscode.Uri.file(path.join(repoRoot, 'media', 'examples', 'where-things-live.c'));

async function activeApi(): Promise<MemoryAtlasApi> {
  const extension = vscode.extensions.getExtension<MemoryAtlasApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  return extension.isActive ? extension.exports : extension.activate();
}

describe('Memory Atlas: the process image of a C file', function () {
  this.timeout(60_000);

  it('activates lazily when a C file opens', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const document = await vscode.workspace.openTextDocument(example);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await until('activation', () => extension.isActive || undefined);
  });

  it('offers a "Show Address Space" code lens above main', async () => {
    const lenses = await until('code lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', example);
      return found?.some((l) => l.command?.command === 'memoryAtlas.showAddressSpace') ? found : undefined;
    });
    const lens = lenses.find((l) => l.command?.command === 'memoryAtlas.showAddressSpace') as vscode.CodeLens;
    const document = await vscode.workspace.openTextDocument(example);
    assert.match(document.lineAt(lens.range.start.line).text, /int main\(void\)/);
  });

  it('hovering a global shows its address, size and section', async () => {
    const document = await vscode.workspace.openTextDocument(example);
    const api = await activeApi();
    const snapshot = await api.images.imageOf(document);
    const line = document.getText().split('\n').findIndex((l) => l.startsWith('int course_size'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', example, new vscode.Position(line, 6));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    const symbol = snapshot.symbols.find((s) => s.name === 'course_size');
    assert.ok(symbol);
    assert.ok(text.includes('0x' + symbol.address.toString(16)), text);
    assert.ok(text.includes('4 bytes') && text.includes('.data'), text);
  });

  it('the command palette opens the panel, whose DOM shows every region and symbol the engine computed', async function () {
    if (!hasRunnerChannel()) this.skip();
    const document = await vscode.workspace.openTextDocument(example);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await runFromCommandPalette('Memory Atlas: Show Address Space');
    const api = await activeApi();
    await until('the panel', () => api.panel());
    const snapshot = await api.images.imageOf(document);

    const names = await waitForWebviewText('[data-testid=symbol-table] tr[data-symbol] td:first-child code', (t) => t.length === snapshot.symbols.length);
    const expectedNames = snapshot.symbols.map((s) => (s.kind === 'string-literal' ? s.sourceName : s.name));
    assert.deepStrictEqual([...names].sort(), [...expectedNames].sort());

    // Each symbol is drawn inside the region row that contains its address, with that address.
    const placements = await webviewEval<{ symbol: string; region: string; address: string }[]>(`
      [...document.querySelectorAll('[data-testid=address-space] button[data-symbol]')].map((b) => ({
        symbol: b.dataset.symbol,
        region: b.closest('li.region').dataset.role,
        address: b.querySelector('.sym-addr').textContent,
      }))`);
    for (const symbol of snapshot.symbols) {
      const drawn = placements.find((p) => p.symbol === symbol.name);
      assert.ok(drawn, `${symbol.name} is not drawn in the address space`);
      const region = snapshot.regions.find((r) => symbol.address >= r.start && symbol.address < r.end);
      assert.strictEqual(drawn.region, region?.role, `${symbol.name} drawn in the wrong region`);
      assert.strictEqual(parseInt(drawn.address, 16), symbol.address, `${symbol.name} address`);
    }

    const roles = await webviewEval<string[]>(`[...document.querySelectorAll('[data-testid=address-space] li.row')].map((li) => li.dataset.role)`);
    for (const role of ['kernel', 'non-canonical', 'stack', 'stack-room', 'guard', 'library', 'vdso', 'heap', 'data', 'rodata', 'text', 'elf-headers']) {
      assert.ok(roles.includes(role), `no ${role} row in ${roles.join(', ')}`);
    }
    assert.ok(roles.includes('gap'), 'gaps are drawn as gaps');
    // Highest address first: the kernel at the top, the program's text near the bottom.
    assert.ok(roles.indexOf('kernel') < roles.indexOf('stack') && roles.indexOf('stack') < roles.indexOf('heap') && roles.indexOf('heap') < roles.indexOf('text'));

    const shot = await screenshotWebview('address-space-panel.png');
    assert.ok(fs.statSync(shot.path).size > 10_000, 'the screenshot has content');
    // The README's picture: the editor with the panel beside it, scrolled to the program's image.
    await webviewEval(`document.querySelector('[data-role=data]').scrollIntoView({ block: 'center' })`);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    // Written into media/screenshots by the run: the README shows what the tests saw, never a copy by hand.
    const workbench = await screenshotWorkbench(path.join(repoRoot, 'media', 'screenshots', 'address-space.png'));
    assert.ok(workbench.width >= 1200 && fs.statSync(workbench.path).size > 50_000);
  });

  for (const [theme, light] of [['Default Light Modern', true], ['Default High Contrast', false], ['Default Dark Modern', false]] as const) {
    it(`is drawn with the theme's colours: ${theme}`, async function () {
      if (!hasRunnerChannel()) this.skip();
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      const colours = await until(`the ${theme} colours in the webview`, async () => {
        const c = await webviewEval<{ background: string; text: string }>(`({
          background: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.querySelector('[data-testid=symbol-table] td')).color })`);
        return luminance(c.background) > 0.5 === light ? c : undefined;
      });
      // Text must stand out from the background in every theme (WCAG AA asks for 4.5:1).
      assert.ok(contrast(colours.text, colours.background) >= 4.5, `${theme}: ${colours.text} on ${colours.background}`);
      await screenshotWebview(`theme-${theme.toLowerCase().replace(/ /g, '-')}.png`);
    });
  }

  it('clicking a symbol in the panel selects its declaration in the editor', async function () {
    if (!hasRunnerChannel()) this.skip();
    await webviewClick('[data-testid=symbol-table] tr[data-symbol="roster"]');
    const editor = await until('the editor selection', () => {
      const e = vscode.window.visibleTextEditors.find((ed) => ed.document.uri.fsPath === example.fsPath);
      return e && e.selection.active.line === e.document.getText().split('\n').findIndex((l) => l.startsWith('struct student roster')) ? e : undefined;
    });
    assert.ok(editor);
  });

  it('keeps showing the image after the panel is hidden and shown again', async function () {
    if (!hasRunnerChannel()) this.skip();
    const api = await activeApi();
    const panel = api.panel();
    assert.ok(panel);
    const other = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'hide the panel' });
    await vscode.window.showTextDocument(other, { viewColumn: panel.panel.viewColumn, preview: false });
    await until('panel hidden', () => !panel.panel.visible || undefined);
    panel.panel.reveal(undefined, false);
    await until('panel visible', () => panel.panel.visible || undefined);
    const names = await waitForWebviewText('[data-testid=symbol-table] tr[data-symbol]', (t) => t.length > 5);
    assert.ok(names.length > 5);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a file with a syntax error gets diagnostics at the right place, and the panel says what is wrong', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const broken = vscode.Uri.joinPath(folder.uri, 'broken.c');
    const document = await vscode.workspace.openTextDocument(broken);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const diagnostics = await until('diagnostics', () => {
      const found = vscode.languages.getDiagnostics(broken).filter((d) => d.source === 'Memory Atlas');
      return found.length ? found : undefined;
    });
    assert.strictEqual(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(diagnostics[0].range.start.line, 5, 'the line of `int x = 3` (0-based 5)');
    assert.match(diagnostics[0].message, /expected ';'/);
    if (!hasRunnerChannel()) return;
    await vscode.commands.executeCommand('memoryAtlas.showAddressSpace', broken);
    const problems = await waitForWebviewText('[data-testid=diagnostics] li', (t) => t.some((x) => x.includes("expected ';'")));
    assert.ok(problems.some((p) => p.includes('line 6')), problems.join('\n'));
    // What could be understood is still drawn: the global `total` of the broken file.
    const symbols = await webviewText('[data-testid=symbol-table] tr[data-symbol="total"]');
    assert.strictEqual(symbols.length, 1);
    await screenshotWebview(path.join(repoRoot, 'media', 'screenshots', 'diagnostics.png'));
  });

  it('fixing the error clears the diagnostics without losing the text', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder;
    const broken = vscode.Uri.joinPath(folder.uri, 'broken.c');
    const document = await vscode.workspace.openTextDocument(broken);
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const before = document.getText();
    await editor.edit((e) => e.insert(new vscode.Position(5, document.lineAt(5).text.length), ';'));
    await until('diagnostics cleared', () => vscode.languages.getDiagnostics(broken).filter((d) => d.source === 'Memory Atlas').length === 0 || undefined);
    assert.strictEqual(document.getText().replace('3;', '3'), before);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
