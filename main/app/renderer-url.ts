/** Recognises our own renderer page, for the IPC sender check (pure, testable without Electron). */
import { pathToFileURL } from 'node:url';

/** True when `frameUrl` is exactly the file:// URL of `indexHtml` (query and hash ignored). */
export function isRendererUrl(frameUrl: string, indexHtml: string): boolean {
  try {
    const url = new URL(frameUrl);
    const ours = pathToFileURL(indexHtml);
    return url.protocol === 'file:' && url.host === ours.host && url.pathname === ours.pathname;
  } catch {
    return false;
  }
}
