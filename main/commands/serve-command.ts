/**
 * `leakscope serve [DIR] [--port N] [--no-open]`: browser mode. Starts the HTTP
 * server on 127.0.0.1, prints the URL with its token, opens DIR (default: the
 * bundled sample) and runs until interrupted.
 */
import path from 'node:path';
import { createApi } from '../api/api';
import { createWorkerEngine } from '../api/worker-engine';
import { findSampleFolder } from '../api/locations';
import { defaultConfigDir } from '../api/user-state';
import { openBrowser } from '../serve/open-browser';
import { startServer } from '../serve/server';

const USAGE = `usage: leakscope serve [DIR] [--port N] [--no-open]

Serves the Leakscope UI on 127.0.0.1 and opens DIR (default: examples/nswap).
  --port N    listen on port N (default: a free port)
  --no-open   do not launch a browser; just print the URL`;

/** Parsed command line. */
interface ServeArgs {
  dir: string;
  port: number;
  open: boolean;
}

function parseArgs(args: string[]): ServeArgs | string {
  let dir: string | undefined;
  let port = 0;
  let open = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--no-open') open = false;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg.includes('=') ? arg.slice('--port='.length) : args[++i];
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return `--port needs a number from 0 to 65535, got ${String(value)}`;
      port = n;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (dir === undefined) dir = arg;
    else return `only one DIR, got ${dir} and ${arg}`;
  }
  return { dir: path.resolve(dir ?? findSampleFolder()), port, open };
}

/** Runs browser mode until SIGINT/SIGTERM. */
export async function runServeCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`leakscope serve: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  const api = createApi({ engine: createWorkerEngine(), configDir: defaultConfigDir() });
  // dist/main/cli.cjs → dist/renderer
  const server = await startServer({ api, staticDir: path.join(__dirname, '..', 'renderer'), port: parsed.port });
  process.stdout.write(`Leakscope is running in browser mode. Open:\n  ${server.url}\n(press Ctrl+C to stop)\n`);
  if (parsed.open) openBrowser(server.url);

  const opened = await api.openFolder(parsed.dir);
  if (opened.ok) {
    const p = opened.value;
    process.stdout.write(`Opened ${p.root}: ${p.files} files (${p.cached} cached, ${p.parsed} parsed) in ${p.durationMs} ms\n`);
  } else {
    process.stderr.write(`leakscope serve: ${opened.error.message}\n`);
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  api.close();
  return 0;
}
