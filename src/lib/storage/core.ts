/**
 * What every Storage method shares: the connection, `storage.response` (the raw response of
 * the last call, as in the seed), and one way to send a request and keep its response.
 */
import type {S3Connection, S3Request} from '../connection.js'
import {StorageError} from '../errors.js'
import type {S3Response} from '../transport.js'
import type {RemoteName} from '../types.js'

export class StorageCore {
  /** The raw response of the last call (status, headers, body), or null before the first. */
  response: S3Response | null = null

  constructor(readonly connection: S3Connection) {}

  /** Sends one request through the connection and records its response, success or failure. */
  protected async send(req: S3Request): Promise<S3Response> {
    try {
      this.response = await this.connection.request(req)
      return this.response
    } catch (error) {
      if (error instanceof StorageError) this.response = error.response
      throw StorageError.from(req.op, error)
    }
  }

  /** Bucket and key of a remote name (string key in the default bucket, or an S3Name). */
  protected locate(remoteName: RemoteName, op: string): {bucket: string; key: string} {
    return this.connection.resolve(remoteName, op)
  }

  /** Runs `body` so that any failure leaves as one StorageError named after the method. */
  protected async guard<T>(op: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body()
    } catch (error) {
      throw StorageError.from(op, error)
    }
  }
}

/** XML gives one element as a value and several as an array; callers want an array. */
export function asArray<T>(value: T | T[] | undefined | null | ''): T[] {
  if (value === undefined || value === null || value === '') return []
  return Array.isArray(value) ? value : [value]
}
