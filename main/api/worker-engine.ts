/**
 * The engine the app and the server use: the default engine run in a worker thread
 * per opened folder (see engine-worker.ts). Cancel terminates the worker, so even a
 * long, synchronous analysis stops at once, and the previous folder's worker, with
 * its analysis, stays untouched.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Investigation } from '../../preload/contract';
import { DEFAULT_PASS_ORDER } from '../analysis/run-passes';
import type { Analysis, Engine, IndexedProject, IndexRunOptions } from './engine';
import type { HostMessage, HostRequest, IndexedSummary } from './engine-host-protocol';
import { ApiFailure } from './result';

/** The worker script: the bundle beside this file, or the TypeScript source under tsx (tests). */
export function engineWorkerScript(): { file: string; eval: boolean } {
  const bundled = path.join(__dirname, 'engine-worker.cjs');
  // Packaged: the worker is unpacked beside app.asar (asarUnpack), since a Worker starts from a real file.
  const unpacked = bundled.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  if (unpacked !== bundled && existsSync(unpacked)) return { file: unpacked, eval: false };
  if (existsSync(bundled)) return { file: bundled, eval: false };
  const source = path.join(__dirname, 'engine-worker.ts');
  if (existsSync(source)) return { file: `require('tsx/cjs');\nrequire(${JSON.stringify(source)});`, eval: true };
  throw new ApiFailure({ code: 'internal', message: `analysis worker not found next to ${__dirname}; run \`npm run build\`` });
}

/** A request before the host numbers it (Omit distributed over the union). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

type Pending = { resolve: (value: unknown) => void; reject: (err: unknown) => void };

/** One worker and its outstanding requests. */
class EngineHost {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited = false;
  onProgress: IndexRunOptions['onProgress'] = () => undefined;

  constructor() {
    const script = engineWorkerScript();
    this.worker = new Worker(script.file, { eval: script.eval });
    // The worker alone must not keep the process alive (the server or the app does).
    this.worker.unref();
    this.worker.on('message', (message: HostMessage) => {
      if ('op' in message) {
        this.onProgress(message.progress);
        return;
      }
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.value);
      else if (message.aborted) waiting.reject(Object.assign(new Error(message.error.message), { name: 'AbortError' }));
      else waiting.reject(new ApiFailure(message.error));
    });
    const fail = (err: Error) => {
      this.exited = true;
      for (const waiting of this.pending.values()) waiting.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(new ApiFailure({ code: 'internal', message: `The analysis stopped: ${err.message}` })));
    this.worker.on('exit', (code) => fail(code === 0 ? Object.assign(new Error('analysis worker stopped'), { name: 'AbortError' }) : new ApiFailure({ code: 'internal', message: `The analysis stopped unexpectedly (exit code ${code}); the folder may be too large for the memory available` })));
  }

  /** Sends a request and waits for its reply. */
  call<T>(request: Unnumbered<HostRequest>): Promise<T> {
    if (this.exited) return Promise.reject(new ApiFailure({ code: 'internal', message: 'The analysis for this folder is no longer running; open the folder again' }));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...request, id } as HostRequest);
    });
  }

  /** Stops the worker; outstanding requests reject as aborted. */
  stop(): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.exited = true;
    void this.worker.terminate();
    for (const waiting of pending) waiting.reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
  }
}

/** Creates the engine that runs each folder's index and analysis in its own worker. */
export function createWorkerEngine(): Engine<EngineHost> {
  return {
    async index(root: string, options: IndexRunOptions): Promise<IndexedProject<EngineHost>> {
      options.signal.throwIfAborted();
      const host = new EngineHost();
      host.onProgress = options.onProgress;
      const abort = () => host.stop();
      options.signal.addEventListener('abort', abort, { once: true });
      try {
        const summary = await host.call<IndexedSummary>({ op: 'index', root, cacheDir: options.cacheDir, ...(options.investigation ? { investigation: options.investigation } : {}) });
        return { ...summary, program: host };
      } catch (err) {
        host.stop();
        throw err;
      } finally {
        options.signal.removeEventListener('abort', abort);
        host.onProgress = () => undefined;
      }
    },
    analyse(project: IndexedProject<EngineHost>, investigation: Investigation): Promise<Analysis> {
      return project.program.call<Analysis>({ op: 'analyse', investigation });
    },
    writeup(project: IndexedProject<EngineHost>, investigation: Investigation, analysis: Analysis, name: string): Promise<string> {
      return project.program.call<string>({ op: 'writeup', investigation, analysis, name });
    },
    dispose(project: IndexedProject<EngineHost>): void {
      project.program.stop();
    },
    defaultPassOrder(): string[] {
      return [...DEFAULT_PASS_ORDER];
    },
  };
}
