/**
 * Narration and reveals may quote the program's state: each `{expression}` is replaced by its
 * value where the text is shown (as a logpoint's message is). `evaluate` gives the value's text,
 * or an error's text, which is shown in angle brackets.
 */
export function interpolate(text: string, evaluate: (expression: string) => { readonly value: string } | { readonly error: string }): string {
  return text.replace(/\{([^{}]+)\}/g, (_all, expression: string) => {
    const v = evaluate(expression.trim());
    return 'error' in v ? `<${v.error}>` : v.value;
  });
}

/** The `{expression}` parts of a text. */
export function interpolatedExpressions(text: string): string[] {
  return [...text.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1].trim());
}
