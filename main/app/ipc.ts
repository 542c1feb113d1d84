/**
 * Registers one IPC handler per API channel. Each handler first checks that the
 * call comes from our own renderer (the main frame showing dist/renderer/index.html
 * over file://), then validates the arguments and calls the API through the same
 * `dispatch` the HTTP server uses.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_CHANNELS, type LeakscopeApi, type Result } from '../../preload/contract';
import { invokeChannel } from '../../preload/ipc-names';
import { dispatch } from '../api/dispatch';
import { isRendererUrl } from './renderer-url';

function trusted(event: IpcMainInvokeEvent, indexHtml: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isRendererUrl(frame.url, indexHtml);
}

/** Installs the handlers; returns a function that removes them. */
export function registerIpc(api: LeakscopeApi, indexHtml: string): () => void {
  for (const channel of API_CHANNELS) {
    ipcMain.handle(invokeChannel(channel), async (event, ...args: unknown[]): Promise<Result<unknown>> => {
      if (!trusted(event, indexHtml)) return { ok: false, error: { code: 'invalid-argument', message: `${channel}: refused a call from an untrusted frame` } };
      return dispatch(api, channel, args);
    });
  }
  return () => {
    for (const channel of API_CHANNELS) ipcMain.removeHandler(invokeChannel(channel));
  };
}
