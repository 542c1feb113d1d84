/**
 * The entry both adapters use for a request from outside: check the channel name,
 * validate the arguments, call the API, and always answer with a `Result`.
 */
import type { ApiChannel, LeakscopeApi, Result } from '../../preload/contract';
import { toApiError } from './result';
import { isChannel, validateArgs } from './validate';

/** Calls `channel` on `api` with untrusted `args`; unknown channels and bad arguments become `invalid-argument`. */
export async function dispatch(api: LeakscopeApi, channel: unknown, args: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'invalid-argument', message: `unknown channel ${String(channel).slice(0, 64)}` } };
  const checked = validateArgs(channel, args);
  if (!checked.ok) return checked;
  try {
    const method = api[channel] as (...a: Parameters<LeakscopeApi[ApiChannel]>) => Promise<Result<unknown>>;
    return await method.apply(api, checked.value);
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}
