/**
 * The analysis worker (bundled to dist/main/engine-worker.cjs): one per opened
 * folder. It indexes the folder (its own parse pool underneath), builds the program,
 * prepares the analysis and keeps it, then answers `analyse` and `writeup` requests.
 * Running this off the main thread keeps the window and the HTTP server responsive
 * while a large tree is analysed, and lets Cancel stop it at once (terminate).
 */
import { parentPort } from 'node:worker_threads';
import { createDefaultEngine, type PreparedProject } from './default-engine';
import type { IndexedProject } from './engine';
import type { HostMessage, HostRequest } from './engine-host-protocol';
import { toApiError } from './result';

const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');

const engine = createDefaultEngine();
let project: IndexedProject<PreparedProject> | null = null;

function post(message: HostMessage): void {
  port!.postMessage(message);
}

/** Prepares a project's analysis once the current message is answered; a failure shows on the next request that needs it. */
function prepareSoon(opened: IndexedProject<PreparedProject>): void {
  setImmediate(() => {
    try {
      if (project === opened) opened.program.prepared();
    } catch {
      // prepared() throws again when a request asks for it, and that request reports the error.
    }
  });
}

async function handle(request: HostRequest): Promise<HostMessage> {
  switch (request.op) {
    case 'index': {
      const controller = new AbortController();
      project = await engine.index(request.root, { cacheDir: request.cacheDir, signal: controller.signal, onProgress: (progress) => post({ op: 'progress', progress }), investigation: request.investigation });
      const { graph, files, cached, parsed, warnings, analysis } = project;
      // Served from the view cache: prepare the analysis right after replying, so the
      // first manual clear or undo finds it ready (requests wait behind it meanwhile).
      if (analysis) prepareSoon(project);
      return { id: request.id, ok: true, value: { graph, files, cached, parsed, warnings, ...(analysis ? { analysis } : {}) } };
    }
    case 'analyse':
      if (!project) throw new Error('analyse before index');
      return { id: request.id, ok: true, value: await engine.analyse(project, request.investigation) };
    case 'writeup':
      if (!project) throw new Error('writeup before index');
      return { id: request.id, ok: true, value: await engine.writeup(project, request.investigation, request.analysis, request.name) };
  }
}

port.on('message', (request: HostRequest) => {
  handle(request).then(post, (err: unknown) => post({ id: request.id, ok: false, error: toApiError(err), aborted: err instanceof Error && err.name === 'AbortError' }));
});
