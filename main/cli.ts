/**
 * `leakscope` command line: dispatches to one module per command under commands/.
 * Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { runIndexCommand } from './commands/index-command';
import { runPassesCommand } from './commands/passes-command';
import { runServeCommand } from './commands/serve-command';

const USAGE = `usage: leakscope <command> [options]

commands:
  index DIR     index a C tree; print the allocation and free tables (--json for the graph)
  passes DIR    run the elimination passes; print what each cleared and the suspects
  serve [DIR]   browser mode: serve the UI on 127.0.0.1 with a random token

run \`leakscope <command> --help\` for a command's options`;

/** A command gets its arguments (without the command name) and returns the exit code. */
export type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  index: runIndexCommand,
  passes: runPassesCommand,
  serve: runServeCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(USAGE + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`leakscope: unknown command '${name}'\n${USAGE}\n`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`leakscope: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
