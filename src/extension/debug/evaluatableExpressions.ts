import * as vscode from 'vscode';
import { expressionAt } from '../../lang/c/expressionAt';

/**
 * What a debug hover evaluates: the whole C expression under the cursor — `p->next->value`,
 * `arr[i]`, `s.field`, `*q`, `&x` — not just the identifier the mouse is on.
 */
export class CEvaluatableExpressionProvider implements vscode.EvaluatableExpressionProvider {
  provideEvaluatableExpression(document: vscode.TextDocument, position: vscode.Position): vscode.EvaluatableExpression | undefined {
    const line = document.lineAt(position.line).text;
    const found = expressionAt(line, position.character);
    if (!found) return undefined;
    return new vscode.EvaluatableExpression(new vscode.Range(position.line, found.start, position.line, found.end), found.text);
  }
}
