/**
 * The browser-mode bridge against the real server: every verb goes through fetch,
 * events through an EventSource (a small stand-in here, Node has none), and transport
 * failures come back as `Result` errors rather than exceptions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createApi, type LeakscopeService } from '../../../main/api/api';
import { startServer, type RunningServer } from '../../../main/serve/server';
import { createHttpBridge } from '../../../renderer/http-bridge';
import { createFakeEngine } from '../api/fake-engine';

let server: RunningServer;
let api: LeakscopeService;
let project: string;
let presentToken = true;
const realFetch = globalThis.fetch;

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), `leakscope-${prefix}-`)));
}

/** Node's EventSource stand-in: records listeners so the test can push events. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  readonly listeners = new Map<string, Set<(e: { data: string }) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (e: { data: string }) => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: (e: { data: string }) => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  push(type: string, data: string): void {
    for (const l of this.listeners.get(type) ?? []) l({ data });
  }
}

before(async () => {
  project = tempDir('proj');
  writeFileSync(path.join(project, 'a.c'), 'void a(void) {\n  char *p = malloc(4);\n}\n');
  api = createApi({ engine: createFakeEngine(), configDir: tempDir('config'), cacheDir: tempDir('cache') });
  server = await startServer({ api, staticDir: tempDir('static') });
  // The browser sends the HttpOnly cookie by itself; Node's fetch needs the header.
  globalThis.fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    if (presentToken) headers.set('X-Leakscope-Token', server.token);
    return realFetch(input, { ...init, headers });
  };
  (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
});

after(async () => {
  globalThis.fetch = realFetch;
  await server.close();
});

test('verbs go over HTTP and answer the API’s results', async () => {
  const bridge = createHttpBridge(`http://127.0.0.1:${server.port}`);
  assert.equal(bridge.host, 'browser');
  const opened = await bridge.openFolder(project);
  assert.equal(opened.ok && opened.value.files, 1);
  const snapshot = await bridge.getSnapshot();
  assert.deepEqual(snapshot.ok && snapshot.value.analysis.suspects, ['a.c:2:malloc']);
  const refused = await bridge.readSource('../x.c');
  assert.deepEqual(refused, { ok: false, error: { code: 'outside-folder', message: '../x.c is outside the opened folder', path: '../x.c' } });
  const invalid = await (bridge.readSource as unknown as (x: unknown) => Promise<unknown>)(5);
  assert.deepEqual(invalid, { ok: false, error: { code: 'invalid-argument', message: 'readSource: file must be a string' } });
});

test('a missing token and an unreachable server become readable errors', async () => {
  presentToken = false;
  try {
    const noToken = await createHttpBridge(`http://127.0.0.1:${server.port}`).recentFolders();
    assert.deepEqual(noToken, { ok: false, error: { code: 'internal', message: 'This page has no valid session token: open the URL printed by `leakscope serve`.' } });
  } finally {
    presentToken = true;
  }
  const down = await createHttpBridge('http://127.0.0.1:1').recentFolders();
  assert.deepEqual(down, { ok: false, error: { code: 'internal', message: 'The Leakscope server is not reachable: is `leakscope serve` still running?' } });
});

test('on() subscribes to the event stream, parses payloads and unsubscribes', () => {
  const bridge = createHttpBridge('http://127.0.0.1:9');
  const seen: unknown[] = [];
  const off = bridge.on('progress', (p) => seen.push(p));
  const source = FakeEventSource.last!;
  assert.equal(source.url, 'http://127.0.0.1:9/api/events');
  source.push('progress', '{"phase":"parse","done":1,"total":2,"message":"a.c"}');
  source.push('progress', 'not json');
  off();
  source.push('progress', '{"phase":"done","done":2,"total":2,"message":""}');
  assert.deepEqual(seen, [{ phase: 'parse', done: 1, total: 2, message: 'a.c' }]);
});
