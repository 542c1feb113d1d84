/** Helpers to build the contract's `Result` values and typed errors. */
import type { ApiError, Result } from '../../preload/contract';

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result with a code the UI can act on. */
export function fail<T = never>(code: ApiError['code'], message: string, path?: string): Result<T> {
  return { ok: false, error: path === undefined ? { code, message } : { code, message, path } };
}

/** Thrown inside the API to leave early with a typed error; caught at the channel boundary. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
  }
}

/** Turns anything thrown into a typed error (unknown exceptions become `internal`). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.error;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
