import { existsSync } from 'fs';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree as SyntaxTree };

/**
 * Where the two WebAssembly files live: `tree-sitter.wasm` (the runtime) and `tree-sitter-c.wasm`
 * (the C grammar). The extension and the CLI ship them next to their bundles; tests read them
 * from node_modules.
 */
export type WasmLocator = (file: 'tree-sitter.wasm' | 'tree-sitter-c.wasm') => string;

let language: Promise<Language> | undefined;

/** Loads the runtime and the grammar once per process; parsers are cheap after that. */
export async function loadCLanguage(locate: WasmLocator): Promise<Language> {
  // A missing file would make the emscripten runtime abort the whole process; say what is missing.
  for (const file of ['tree-sitter.wasm', 'tree-sitter-c.wasm'] as const) {
    if (!existsSync(locate(file))) throw new Error(`the C parser is missing ${locate(file)} (rebuild with \`npm run build\`)`);
  }
  language ??= (async () => {
    await Parser.init({ locateFile: () => locate('tree-sitter.wasm') });
    return Language.load(locate('tree-sitter-c.wasm'));
  })();
  try {
    return await language;
  } catch (e) {
    language = undefined;
    throw e;
  }
}

export class CParser {
  private constructor(private readonly parser: Parser) {}

  static async create(locate: WasmLocator): Promise<CParser> {
    const language = await loadCLanguage(locate);
    const parser = new Parser();
    parser.setLanguage(language);
    return new CParser(parser);
  }

  parse(text: string): Tree {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}
