import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createApi, type LeakscopeService } from '../../../main/api/api';
import { startServer, type RunningServer } from '../../../main/serve/server';
import { createFakeEngine } from '../api/fake-engine';

const TOKEN = 'a'.repeat(64);
let server: RunningServer;
let api: LeakscopeService;
let project: string;

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), `leakscope-${prefix}-`)));
}

before(async () => {
  const staticDir = tempDir('static');
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(path.join(staticDir, 'renderer.js'), 'console.log(1)');
  project = tempDir('proj');
  writeFileSync(path.join(project, 'a.c'), 'void a(void) {\n  char *p = malloc(4);\n}\n');
  api = createApi({ engine: createFakeEngine(), configDir: tempDir('config'), cacheDir: tempDir('cache') });
  server = await startServer({ api, staticDir, token: TOKEN });
});

after(async () => {
  await server.close();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request so tests control the Host, Origin and cookie headers exactly. */
function request(pathname: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, method, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const withToken = { 'X-Leakscope-Token': TOKEN, 'Content-Type': 'application/json' };

test('listens on 127.0.0.1 only and prints a URL carrying the token', () => {
  assert.equal(server.url, `http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  assert.equal(server.address, '127.0.0.1');
});

test('a random 32-byte token is generated when none is given', async () => {
  const other = await startServer({ api, staticDir: tempDir('s') });
  try {
    assert.match(other.token, /^[0-9a-f]{64}$/);
    assert.notEqual(other.token, TOKEN);
  } finally {
    await other.close();
  }
});

test('requests without the token or with a wrong one are refused', async () => {
  assert.equal((await request('/api/recentFolders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' })).status, 403);
  assert.equal((await request('/api/recentFolders', { method: 'POST', headers: { ...withToken, 'X-Leakscope-Token': 'b'.repeat(64) }, body: '[]' })).status, 403);
  assert.equal((await request('/')).status, 403);
  assert.equal((await request('/?token=wrong')).status, 403);
  assert.equal((await request('/api/events')).status, 403);
});

test('a wrong Host header is refused even with the token (DNS rebinding)', async () => {
  const reply = await request('/api/recentFolders', { method: 'POST', headers: { ...withToken, Host: `evil.example:${server.port}` }, body: '[]' });
  assert.equal(reply.status, 403);
  assert.equal((await request('/api/recentFolders', { method: 'POST', headers: { ...withToken, Host: `localhost:${server.port}` }, body: '[]' })).status, 200);
});

test('a cross-origin POST is refused', async () => {
  const reply = await request('/api/recentFolders', { method: 'POST', headers: { ...withToken, Origin: 'http://evil.example' }, body: '[]' });
  assert.equal(reply.status, 403);
});

test('opening the printed URL trades the token for an HttpOnly cookie that then authorises requests', async () => {
  const opened = await request(`/?token=${TOKEN}`);
  assert.equal(opened.status, 303);
  assert.equal(opened.headers.location, '/');
  const cookie = opened.headers['set-cookie']?.[0] ?? '';
  assert.match(cookie, new RegExp(`^leakscope_token_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/$`));
  const page = await request('/', { headers: { Cookie: cookie.split(';')[0]! } });
  assert.equal(page.status, 200);
  assert.equal(page.body, '<!doctype html><title>ui</title>');
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  const js = await request('/renderer.js', { headers: { Cookie: cookie.split(';')[0]! } });
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal((await request('/../package.json', { headers: { Cookie: cookie.split(';')[0]! } })).status, 404);
});

test('unknown channels answer 404 and known ones a Result', async () => {
  const unknown = await request('/api/deleteEverything', { method: 'POST', headers: withToken, body: '[]' });
  assert.equal(unknown.status, 404);
  assert.equal(JSON.parse(unknown.body).error.code, 'invalid-argument');
  const bad = await request('/api/readSource', { method: 'POST', headers: withToken, body: '[1]' });
  assert.deepEqual(JSON.parse(bad.body), { ok: false, error: { code: 'invalid-argument', message: 'readSource: file must be a string' } });
  assert.equal((await request('/api/readSource', { method: 'POST', headers: withToken, body: '{' })).status, 400);
  assert.equal((await request('/api/recentFolders', { method: 'GET', headers: withToken })).status, 405);
});

test('server-sent events deliver progress and changed while a folder opens', async () => {
  const received: string[] = [];
  const stream = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { Host: `127.0.0.1:${server.port}`, 'X-Leakscope-Token': TOKEN } }, resolve).on('error', reject);
  });
  assert.equal(stream.headers['content-type'], 'text/event-stream; charset=utf-8');
  const sawChanged = new Promise<void>((resolve) => {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) received.push(`${event} ${data}`);
        if (event === 'changed') resolve();
      }
    });
  });
  const opened = await request('/api/openFolder', { method: 'POST', headers: withToken, body: JSON.stringify([project]) });
  assert.equal(JSON.parse(opened.body).ok, true);
  await sawChanged;
  stream.destroy();
  assert.ok(received.includes(`progress ${JSON.stringify({ phase: 'parse', done: 1, total: 1, message: 'a.c' })}`), received.join('\n'));
  assert.ok(received.includes(`progress ${JSON.stringify({ phase: 'done', done: 1, total: 1, message: `Opened ${path.basename(project)}` })}`));
  assert.equal(received.at(-1), 'changed {"reason":"opened"}');
  const snapshot = JSON.parse((await request('/api/getSnapshot', { method: 'POST', headers: withToken, body: '[]' })).body);
  assert.deepEqual(snapshot.value.analysis.suspects, ['a.c:2:malloc']);
});
