import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PANEL_VIEWS, parseAnnotations } from '../../../src/shared/annotations';
import { TUTORIALS, WALKTHROUGHS, completionEvent } from '../../../src/shared/tutorials';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

interface Step { id: string; title: string; description: string; media: { svg?: string; altText?: string }; completionEvents: string[] }
interface Walkthrough { id: string; title: string; description: string; steps: Step[] }
interface Manifest {
  contributes: { walkthroughs: Walkthrough[]; commands: { command: string }[] };
  capabilities: { untrustedWorkspaces: { supported: boolean } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** The commands a step's description links to, with their arguments. */
function links(step: Step): { text: string; command: string; args: unknown[] }[] {
  return [...step.description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]+))?\)/g)].map((m) => ({ text: m[1], command: m[2], args: m[3] ? JSON.parse(decodeURIComponent(m[3])) as unknown[] : [] }));
}

describe('walkthroughs: package.json and the tutorials catalog agree', () => {
  it('one walkthrough step per tutorial, in the catalog\'s order, completed by its milestones', () => {
    assert.deepEqual(manifest.contributes.walkthroughs.map((w) => [w.id, w.title]), WALKTHROUGHS.map((w) => [w.id, w.title]));
    for (const w of manifest.contributes.walkthroughs) {
      const tutorials = TUTORIALS.filter((t) => t.walkthrough === w.id);
      assert.deepEqual(w.steps.map((s) => s.id), tutorials.map((t) => t.id), `the steps of ${w.id}`);
      for (const [i, step] of w.steps.entries()) {
        assert.deepEqual(step.completionEvents, [completionEvent(tutorials[i])], `${step.id} is done by what happened in the simulation, not by being viewed`);
      }
    }
  });

  it('every milestone a step waits for is reached by one of its examples', () => {
    for (const t of TUTORIALS) {
      const declared = t.examples.flatMap((e) => parseAnnotations(fs.readFileSync(path.join(ROOT, 'media', 'examples', e), 'utf8')).milestones.map((m) => m.id));
      for (const id of t.done) assert.ok(declared.includes(id), `${t.id}: some example says '@atlas done: ${id} when ...'`);
    }
  });

  it('each step opens its examples with buttons, has a theme-aware picture, and works offline', () => {
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const w of manifest.contributes.walkthroughs) {
      for (const step of w.steps) {
        const tutorial = TUTORIALS.find((t) => t.id === step.id)!;
        const opened = links(step).filter((l) => l.command === 'memoryAtlas.openExample' || l.command === 'memoryAtlas.copyExample');
        assert.ok(opened.length > 0 && (opened[0].args[1] as { step?: boolean })?.step === true, `${step.id}: the first button opens an example and starts stepping`);
        for (const l of links(step)) {
          assert.ok(commands.has(l.command), `${step.id}: '${l.text}' runs a contributed command (${l.command})`);
          if (opened.includes(l)) assert.ok(tutorial.examples.includes(l.args[0] as string), `${step.id}: '${l.text}' opens an example of this tutorial`);
        }
        assert.ok(step.media.svg && step.media.altText, `${step.id}: a picture with alt text`);
        const svg = fs.readFileSync(path.join(ROOT, step.media.svg!), 'utf8');
        assert.ok(!/https?:\/\//.test(svg.replace('http://www.w3.org/2000/svg', '')), `${step.id}: the picture loads nothing from the network`);
        assert.ok(/var\(--vscode-/.test(svg) && !/(fill|stroke)="#/.test(svg), `${step.id}: the picture takes its colours from the theme`);
      }
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true, 'the tutorials run in an untrusted workspace (nothing runs natively)');
  });
});

describe('annotations: the panel views an example may ask for', () => {
  it('are the views the panel has (webview/src/views/registry.ts)', () => {
    const registry = fs.readFileSync(path.join(ROOT, 'webview', 'src', 'views', 'registry.ts'), 'utf8');
    const ids = [...registry.matchAll(/\{ id: '([a-z-]+)'/g)].map((m) => m[1]);
    assert.deepEqual([...PANEL_VIEWS].sort(), [...ids].sort());
  });
});
