/**
 * A tiny typed event hub for `LeakscopeEvents`. The API emits into it; each adapter
 * (Electron IPC, the HTTP server's server-sent events) subscribes and forwards.
 */
import type { EventName, LeakscopeEvents } from '../../preload/contract';

/** Listener for one event. */
export type EventListener<E extends EventName> = (payload: LeakscopeEvents[E]) => void;

/** Subscribe/emit for the contract's events; `on` returns the unsubscribe function. */
export class ApiEvents {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  /** Subscribes; returns a function that removes exactly this listener. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const stored = listener as (payload: never) => void;
    set.add(stored);
    return () => {
      set.delete(stored);
    };
  }

  /** Delivers to every listener; one failing listener does not stop the others. */
  emit<E extends EventName>(event: E, payload: LeakscopeEvents[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as EventListener<E>)(payload);
      } catch {
        // A broken subscriber (e.g. a closed window) must not break the API.
      }
    }
  }
}
