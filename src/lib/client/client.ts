/**
 * The client every operation is given: one connection, the resolution of remote names, and one
 * way to send a request and keep its response (`storage.response`, as in the original package).
 * Operations (src/lib/ops) are functions over a Client, so each can be tested against an
 * in-memory one and loaded only when first used.
 */
import type {S3Connection, S3Request} from './connection.js'
import {StorageError} from '../errors.js'
import type {S3Response} from './response.js'
import type {RemoteName, Target} from '../types.js'

/** What an operation needs of the client: the connection's settings and events, and one way to send. */
export interface Client {
  readonly connection: S3Connection
  /** The bucket and key of a remote name (a key in the default bucket, or an S3Name); ValueError without a bucket. */
  resolve(remoteName: RemoteName, op: string): Target
  /** Sends one request and records its response. */
  send(req: S3Request): Promise<S3Response>
  /**
   * Runs `call` (requests made outside `send`, such as a streamed download) and records the
   * response `responseOf` finds in its result; a failure leaves as one StorageError named `op`.
   */
  recorded<T>(op: string, call: () => Promise<T>, responseOf: (result: T) => S3Response): Promise<T>
  /** Runs `body` so that any failure leaves as one StorageError named after the method. */
  wrapErrors<T>(op: string, body: () => Promise<T>): Promise<T>
}

/** The Client of a Storage: the one place `storage.response` is set. */
export class RecordingClient implements Client {
  /**
   * The raw response of the last request (status, headers, body): after a failure, the answer
   * that failed, or null when no HTTP answer came (refused, reset, timed out).
   */
  response: S3Response | null = null

  constructor(readonly connection: S3Connection) {}

  resolve(remoteName: RemoteName, op = 'resolve'): Target {
    return this.connection.resolve(remoteName, op)
  }

  send(req: S3Request): Promise<S3Response> {
    return this.recorded(req.op, () => this.connection.request(req), (response) => response)
  }

  async recorded<T>(op: string, call: () => Promise<T>, responseOf: (result: T) => S3Response): Promise<T> {
    try {
      const result = await call()
      this.response = responseOf(result)
      return result
    } catch (error) {
      this.response = error instanceof StorageError ? error.response : null
      throw StorageError.from(op, error)
    }
  }

  async wrapErrors<T>(op: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body()
    } catch (error) {
      throw StorageError.from(op, error)
    }
  }
}
