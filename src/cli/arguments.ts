/** Command-line arguments of `memory-atlas`, parsed without a library (the grammar is tiny). */
export interface CliArguments {
  readonly command?: string;
  readonly files: readonly string[];
  readonly json: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly unknownOptions: readonly string[];
}

export function parseArguments(argv: readonly string[]): CliArguments {
  const files: string[] = [];
  const unknownOptions: string[] = [];
  let command: string | undefined;
  let json = false;
  let help = false;
  let version = false;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--version' || arg === '-v') version = true;
    else if (arg.startsWith('-')) unknownOptions.push(arg);
    else if (!command) command = arg;
    else files.push(arg);
  }
  return { command, files, json, help, version, unknownOptions };
}

export const USAGE = `Usage: memory-atlas <command> [options] FILE

Commands:
  maps FILE.c     Print the process image of the program at main's entry, like
                  /proc/self/maps, followed by its symbol table (every global,
                  static, string literal and function with its address and size).

Options:
  --json          Print one JSON document instead of text.
  -h, --help      Show this help.
  -v, --version   Show the version.

Exit status: 0 on success, 1 when the program has errors (they are printed like
gcc's: file:line:column: error: message), 2 on a usage error or unreadable file.`;
