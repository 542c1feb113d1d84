/**
 * Playwright global setup for the browser-mode specs: one server for the run, its URL
 * handed to the tests through environment variables (Playwright passes the setup's
 * environment on to its workers); the teardown stops it.
 */
import { startServe } from './serve-fixture';

/** Start the server; returns the teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const served = await startServe();
  process.env['LEAKSCOPE_URL'] = served.url;
  process.env['LEAKSCOPE_ORIGIN'] = served.origin;
  process.env['LEAKSCOPE_SAMPLE'] = served.sample;
  return async () => {
    served.child.kill('SIGTERM');
  };
}
