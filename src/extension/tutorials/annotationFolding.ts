import * as vscode from 'vscode';
import { annotationBlocks } from '../../shared/annotations';

/**
 * Folds the runs of `@atlas` comment lines of a bundled example as it opens, so that a question's
 * choices and right answer stay out of sight while the learner predicts (the first line, the
 * question itself, shows). They become manual folding ranges: the language's own folding is
 * left as it is, and the learner can unfold them.
 */
export async function foldAnnotations(editor: vscode.TextEditor): Promise<void> {
  const blocks = annotationBlocks(editor.document.getText());
  if (blocks.length === 0) return;
  const before = editor.selections;
  for (const b of blocks) {
    editor.selection = new vscode.Selection(b.start - 1, 0, b.end - 1, editor.document.lineAt(b.end - 1).text.length);
    await vscode.commands.executeCommand('editor.createFoldingRangeFromSelection');
  }
  editor.selections = before;
}
