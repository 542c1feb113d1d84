/**
 * IPC channel names shared by the preload and main/app, so an invoke and its
 * handler cannot drift apart. Pure strings, no Electron import.
 */
import type { ApiChannel, EventName } from './contract';

/** The IPC channel that carries calls to `LeakscopeApi[channel]`. */
export function invokeChannel(channel: ApiChannel): string {
  return `leakscope:call:${channel}`;
}

/** The IPC channel that carries `LeakscopeEvents[event]` from main to the renderer. */
export function eventChannel(event: EventName): string {
  return `leakscope:event:${event}`;
}
