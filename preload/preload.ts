/**
 * The sandboxed preload: exposes `window.leakscope` (the `LeakscopeBridge` of
 * preload/contract.ts) and nothing else. Each verb is a named function over
 * `ipcRenderer.invoke`; `on` strips the Electron event object so the renderer never
 * sees `ipcRenderer`, and returns an unsubscribe function. Bundled by esbuild into
 * one CJS file because sandboxed preloads cannot `require` local modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_CHANNELS, type EventName, type LeakscopeApi, type LeakscopeBridge, type LeakscopeEvents } from './contract';
import { eventChannel, invokeChannel } from './ipc-names';

const EVENTS: readonly EventName[] = ['progress', 'changed', 'menu'];

const verbs = Object.fromEntries(API_CHANNELS.map((channel) => [channel, (...args: unknown[]) => ipcRenderer.invoke(invokeChannel(channel), ...args)])) as unknown as LeakscopeApi;

const bridge: LeakscopeBridge = {
  ...verbs,
  host: 'electron',
  on<E extends EventName>(event: E, listener: (payload: LeakscopeEvents[E]) => void): () => void {
    if (!EVENTS.includes(event)) throw new Error(`unknown event ${String(event)}`);
    const forward = (_event: IpcRendererEvent, payload: LeakscopeEvents[E]) => listener(payload);
    ipcRenderer.on(eventChannel(event), forward);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), forward);
    };
  },
};

contextBridge.exposeInMainWorld('leakscope', bridge);
