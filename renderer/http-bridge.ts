/**
 * Browser mode's `LeakscopeBridge`: the same contract as `window.leakscope` in the
 * desktop app, over `fetch` (POST /api/<channel>) and an `EventSource`
 * (GET /api/events). The token travels in the HttpOnly cookie the server set when
 * the printed URL was opened, so this code never sees it.
 *
 * Two verbs differ from the desktop app because a web page cannot reach the
 * server's disk through native dialogs: `chooseFolder` asks for a path with a prompt,
 * and `saveExport` downloads the data in the browser (plus the write-up's
 * `pass-N.png` files) and answers the downloaded file name.
 */
import { API_CHANNELS, type ApiChannel, type ApiError, type EventName, type ExportKind, type LeakscopeApi, type LeakscopeBridge, type LeakscopeEvents, type Result } from '../preload/contract';

const MIME: Record<ExportKind, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  md: 'text/markdown;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

function failure(code: ApiError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; error?: unknown };
  return r.ok === true ? 'value' in r : r.ok === false && typeof r.error === 'object' && r.error !== null;
}

/** POSTs one call; every transport problem becomes a `Result` error the UI can show. */
async function call(base: string, channel: ApiChannel, args: unknown[]): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`${base}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      credentials: 'same-origin',
    });
  } catch {
    return failure('internal', 'The Leakscope server is not reachable: is `leakscope serve` still running?');
  }
  if (response.status === 403) return failure('internal', 'This page has no valid session token: open the URL printed by `leakscope serve`.');
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return failure('internal', `The server answered ${response.status} without a result`);
  }
  return isResult(body) ? body : failure('internal', `The server answered ${response.status} without a result`);
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Starts a browser download of `blob` named `name`. */
function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Creates the bridge; `base` is the server origin ('' for the page's own). */
export function createHttpBridge(base = ''): LeakscopeBridge {
  let source: EventSource | null = null;
  const events = (): EventSource => {
    source ??= new EventSource(`${base}/api/events`, { withCredentials: true });
    return source;
  };

  const verbs = Object.fromEntries(
    API_CHANNELS.map((channel) => [channel, (...args: unknown[]) => call(base, channel, args)]),
  ) as unknown as LeakscopeApi;

  const bridge: LeakscopeBridge = {
    ...verbs,
    host: 'browser',

    async chooseFolder(): Promise<Result<string | null>> {
      const answer = window.prompt('Folder to open (a path on the machine running `leakscope serve`):');
      const path = answer?.trim() ?? '';
      return { ok: true, value: path === '' ? null : path };
    },

    async saveExport(kind, suggestedName, data, files): Promise<Result<string | null>> {
      try {
        const blob = kind === 'png' ? new Blob([base64ToBytes(data)], { type: MIME.png }) : new Blob([data], { type: MIME[kind] });
        download(suggestedName, blob);
        for (const file of files ?? []) download(file.name, new Blob([base64ToBytes(file.base64)], { type: 'image/png' }));
        return { ok: true, value: suggestedName };
      } catch (err) {
        return failure('internal', `Could not download ${suggestedName}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },

    on<E extends EventName>(event: E, listener: (payload: LeakscopeEvents[E]) => void): () => void {
      const handler = (message: MessageEvent<string>) => {
        try {
          listener(JSON.parse(message.data) as LeakscopeEvents[E]);
        } catch {
          // A malformed event is dropped rather than breaking the page.
        }
      };
      const stream = events();
      stream.addEventListener(event, handler as EventListener);
      return () => stream.removeEventListener(event, handler as EventListener);
    },
  };
  return bridge;
}
