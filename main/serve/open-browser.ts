/** Opens a URL in the user's browser with the platform's opener; failures are ignored (the URL is printed anyway). */
import { spawn } from 'node:child_process';

/** Launches the default browser on `url`, detached. */
export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener on this machine; the printed URL is enough.
  }
}
