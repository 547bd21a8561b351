/**
 * What every Storage method shares: the connection, `storage.response` (the raw response of
 * the last call, as in the seed), the resolution of remote names, and one way to send a
 * request and keep its response.
 */
import type {S3Connection, S3Request} from '../connection.js'
import {StorageError} from '../errors.js'
import type {S3Response} from '../transport.js'
import type {RemoteName, Target} from '../types.js'
import {StorageHttp} from './http.js'

export class StorageCore {
  /**
   * The raw response of the last request (status, headers, body): after a failure, the answer
   * that failed, or null when no HTTP answer came (refused, reset, timed out).
   */
  response: S3Response | null = null

  /** Any S3 call the library does not wrap, signed and retried like its own (see http.ts). */
  readonly http: StorageHttp

  constructor(readonly connection: S3Connection) {
    this.http = new StorageHttp((req) => this.send(req))
  }

  /** The bucket of plain keys (the connection's default_bucket), or null. */
  get defaultBucket(): string | null {
    return this.connection.defaultBucket
  }

  /** The bucket and key of a remote name (a key in the default bucket, or an S3Name); ValueError without a bucket. */
  resolve(remoteName: RemoteName, op = 'resolve'): Target {
    return this.connection.resolve(remoteName, op)
  }

  /** Closes the connection's idle keep-alive sockets, so a script can end at once. */
  close(): void {
    this.connection.close()
  }

  /** Sends one request through the connection and records its response. */
  protected send(req: S3Request): Promise<S3Response> {
    return this.recorded(req.op, () => this.connection.request(req), (response) => response)
  }

  /**
   * Runs `call` (requests made outside `send`, such as a streamed download) and records the
   * response `responseOf` finds in its result. The one place `storage.response` is set.
   */
  protected async recorded<T>(op: string, call: () => Promise<T>, responseOf: (result: T) => S3Response): Promise<T> {
    try {
      const result = await call()
      this.response = responseOf(result)
      return result
    } catch (error) {
      this.response = error instanceof StorageError ? error.response : null
      throw StorageError.from(op, error)
    }
  }

  /** Runs `body` so that any failure leaves as one StorageError named after the method. */
  protected async wrapErrors<T>(op: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body()
    } catch (error) {
      throw StorageError.from(op, error)
    }
  }
}
