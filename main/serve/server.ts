/**
 * Browser mode: the same API as the desktop app over HTTP on 127.0.0.1.
 *
 *   GET  /?token=T        the UI (sets an HttpOnly cookie and redirects to drop the token from the URL)
 *   GET  /<file>          the built renderer (dist/renderer)
 *   POST /api/<channel>   JSON array of arguments → `Result` JSON
 *   GET  /api/events      server-sent events: progress, changed, menu
 *
 * Every request must carry the random token (cookie or `X-Leakscope-Token` header)
 * and a Host header naming this loopback port (a DNS-rebinding guard); POSTs must
 * also come from our own origin when the browser says where they come from.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventName, LeakscopeApi } from '../../preload/contract';
import { CONTENT_SECURITY_POLICY } from '../api/csp';
import { dispatch } from '../api/dispatch';
import type { ApiEvents } from '../api/events';
import { isChannel } from '../api/validate';
import { readStatic } from './static-files';

/** Largest request body accepted (a 4× PNG export in base64 can be tens of MB). */
const MAX_BODY_BYTES = 128 * 1024 * 1024;
/** Server-sent-event keep-alive interval, below common proxy/browser idle timeouts. */
const KEEPALIVE_MS = 15_000;
/** Only loopback: browser mode is a local tool, never a network service. */
export const LOOPBACK = '127.0.0.1';
const FORWARDED_EVENTS: EventName[] = ['progress', 'changed', 'menu'];

/** What the server needs. */
export interface ServerOptions {
  api: LeakscopeApi & { events: ApiEvents };
  /** Folder with the built renderer (index.html, renderer.js, …). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token for tests; random 32 bytes otherwise. */
  token?: string;
}

/** A running server. */
export interface RunningServer {
  /** The address actually bound (always 127.0.0.1). */
  address: string;
  port: number;
  token: string;
  /** The URL to open, token included. */
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const NO_RENDERER = `<!doctype html><meta charset="utf-8"><title>Leakscope</title><p>The UI is not built yet: run <code>npm run build</code> and reload.</p>`;

/** Starts the server on 127.0.0.1 and resolves once it listens. */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  let port = 0;
  const cookieName = () => `leakscope_token_${port}`;
  const streams = new Set<http.ServerResponse>();

  const allowedHost = (host: string | undefined): boolean => host === `${LOOPBACK}:${port}` || host === `localhost:${port}`;
  const allowedOrigin = (origin: string | undefined): boolean => origin === undefined || origin === `http://${LOOPBACK}:${port}` || origin === `http://localhost:${port}`;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!allowedHost(req.headers.host)) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden: wrong Host\n');
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const headerToken = req.headers['x-leakscope-token'];
    const presented = (typeof headerToken === 'string' ? headerToken : undefined) ?? cookieValue(req.headers.cookie, cookieName());

    // Opening the printed URL: trade the token in the query for a cookie and drop it from the address bar.
    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && queryToken !== null && !url.pathname.startsWith('/api/')) {
      if (!sameSecret(queryToken, token)) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden: wrong token\n');
      url.searchParams.delete('token');
      const location = url.pathname + (url.search ? url.search : '');
      res.writeHead(303, { ...SECURITY_HEADERS, Location: location, 'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/` });
      res.end();
      return;
    }
    if (!sameSecret(presented, token)) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden: open the URL printed by `leakscope serve` (it carries the token)\n');

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      const unsubscribes = FORWARDED_EVENTS.map((name) => options.api.events.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)));
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
      streams.add(res);
      const stop = () => {
        clearInterval(keepAlive);
        for (const off of unsubscribes) off();
        streams.delete(res);
      };
      req.on('close', stop);
      res.on('error', stop);
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      const channel = url.pathname.slice('/api/'.length);
      if (!isChannel(channel)) return sendJson(res, 404, { ok: false, error: { code: 'invalid-argument', message: `unknown channel ${channel.slice(0, 64)}` } });
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'POST' });
      if (!allowedOrigin(req.headers.origin)) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden: cross-origin request\n');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, 415, { ok: false, error: { code: 'invalid-argument', message: 'send JSON (Content-Type: application/json)' } });
      const body = await readBody(req);
      if (body === null) return sendJson(res, 413, { ok: false, error: { code: 'invalid-argument', message: 'request body too large' } });
      let args: unknown;
      try {
        args = body.trim() === '' ? [] : JSON.parse(body);
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid-argument', message: 'request body is not JSON' } });
      }
      return sendJson(res, 200, await dispatch(options.api, channel, args));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    // The UI declares no favicon; answer the browser's automatic request without a 404.
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    const file = await readStatic(options.staticDir, url.pathname);
    if (file) return send(res, 200, file.type, file.body);
    if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, 'text/html; charset=utf-8', NO_RENDERER);
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } });
      else res.end();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      const bound = server.address() as AddressInfo;
      port = bound.port;
      resolve({
        address: bound.address,
        port,
        token,
        url: `http://${LOOPBACK}:${port}/?token=${token}`,
        close: () =>
          new Promise<void>((done) => {
            for (const stream of streams) stream.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
