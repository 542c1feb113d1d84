/** The engine the app and the server use: the real index + passes back end. */
import type { Engine } from './engine';
import { createScanEngine } from './scan-engine';

/** Creates the default engine. */
export function createDefaultEngine(): Engine {
  return createScanEngine() as Engine;
}
