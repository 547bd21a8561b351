/**
 * Streaming download that survives a connection dying mid-body: the body is written to a sink
 * as it arrives while its MD5 is computed; when the stream fails, the rest is asked for with
 * Range + If-Match on the first answer's ETag (so a changed object fails instead of mixing two
 * versions), within the connection's retry policy. At the end the length is checked, and the
 * MD5 against the ETag when the ETag is a plain MD5 (not multipart, not SSE-KMS/SSE-C).
 */
import {createHash, type Hash} from 'node:crypto'
import type {S3Connection} from '../connection.js'
import {StorageError} from '../errors.js'
import {hasTriesLeft, isRetryable} from '../retry.js'
import type {S3Response} from '../transport.js'
import type {Target} from './multipart.js'

/** Where downloaded bytes go; a failure here is local and never retried. */
export interface Sink {
  write(chunk: Buffer): Promise<void>
}

export interface DownloadOptions {
  versionId?: string
  /** 'bytes=0-99', 'bytes=100-', 'bytes=-100', or {start, end?} (inclusive end). */
  range?: string | {start: number; end?: number}
  signal?: AbortSignal
  onProgress?: (bytesDone: number, total?: number) => void
}

export interface DownloadResult {
  /** The headers of the first answer (status 200 or 206). */
  response: S3Response
  bytes: number
}

class SinkError extends Error {
  constructor(readonly cause: unknown) {
    super((cause as Error)?.message ?? String(cause))
  }
}

export function normalizeRange(range: DownloadOptions['range']): string | undefined {
  if (range === undefined) return undefined
  if (typeof range === 'string') {
    const value = range.trim()
    if (!/^(bytes=)?(\d+-\d*|-\d+)$/.test(value)) throw new StorageError('read', new RangeError(`invalid range "${range}": use bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX`))
    return value.startsWith('bytes=') ? value : `bytes=${value}`
  }
  if (!(range.start >= 0) || (range.end !== undefined && range.end < range.start)) {
    throw new StorageError('read', new RangeError(`invalid range ${JSON.stringify(range)}`))
  }
  return `bytes=${range.start}-${range.end ?? ''}`
}

function header(response: S3Response, name: string): string | undefined {
  const v = response.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** `bytes FIRST-LAST/TOTAL` -> absolute first and last byte. */
function contentRange(response: S3Response): {first: number; last: number} | undefined {
  const m = header(response, 'content-range')?.match(/bytes (\d+)-(\d+)\//)
  return m ? {first: Number(m[1]), last: Number(m[2])} : undefined
}

/** A plain (single PUT, no KMS/customer key) ETag is the MD5 of the object. */
export function plainMd5(response: S3Response): string | undefined {
  const etag = header(response, 'etag')?.replace(/"/g, '').toLowerCase()
  if (!etag || !/^[0-9a-f]{32}$/.test(etag)) return undefined
  if (header(response, 'x-amz-server-side-encryption') === 'aws:kms') return undefined
  if (header(response, 'x-amz-server-side-encryption-customer-algorithm')) return undefined
  return etag
}

/** The MD5 a whole-object answer must match, when its ETag is one. */
function expectedMd5(response: S3Response, userRange: string | undefined): string | undefined {
  return userRange === undefined && response.statusCode === 200 ? plainMd5(response) : undefined
}

export async function download(connection: S3Connection, op: string, target: Target, sink: Sink, options: DownloadOptions = {}): Promise<DownloadResult> {
  const userRange = normalizeRange(options.range)
  const query = options.versionId ? {versionId: options.versionId} : undefined
  // Hashing costs about as much CPU as receiving: only hash when there is an MD5 to check.
  let hash: Hash | undefined
  let first: S3Response | undefined
  let expected: number | undefined // bytes the whole download should have
  let span: {first: number; last: number} | undefined // absolute range being fetched, once known
  let received = 0

  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = {}
    if (first && received > 0) {
      // Resume: the remaining bytes of the same object version.
      const start = (span?.first ?? 0) + received
      headers.range = `bytes=${start}-${span ? span.last : ''}`
      const etag = header(first, 'etag')
      if (etag) headers['if-match'] = etag
    } else if (userRange) {
      headers.range = userRange
    }
    const {response, body} = await connection.requestStream({op, method: 'GET', ...target, query, headers, signal: options.signal})
    if (!first) {
      first = response
      span = response.statusCode === 206 ? contentRange(response) : undefined
      const length = header(response, 'content-length')
      expected = length === undefined ? undefined : Number(length)
      if (expectedMd5(response, userRange)) hash = createHash('md5')
    }
    const thisLength = header(response, 'content-length')
    let thisReceived = 0
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        hash?.update(chunk)
        try {
          await sink.write(chunk)
        } catch (error) {
          throw new SinkError(error)
        }
        received += chunk.length
        thisReceived += chunk.length
        options.onProgress?.(received, expected)
      }
      if (thisLength !== undefined && thisReceived !== Number(thisLength)) {
        throw Object.assign(new Error(`connection closed after ${thisReceived} of ${thisLength} bytes`), {code: 'ECONNRESET'})
      }
      break
    } catch (error) {
      body.destroy()
      if (error instanceof SinkError) throw StorageError.from(op, error.cause)
      if (options.signal?.aborted) throw StorageError.from(op, options.signal.reason ?? error)
      const policy = connection.retry
      const code = (error as NodeJS.ErrnoException).code
      // got reports a body cut short by the server as a premature close: same as a reset.
      const failure = {error: code === 'ERR_STREAM_PREMATURE_CLOSE' ? Object.assign(error as Error, {code: 'ECONNRESET'}) : error}
      if (!isRetryable(failure, policy) || !hasTriesLeft(attempt, policy)) {
        throw StorageError.from(op, Object.assign(new Error(`download of s3://${target.bucket}/${target.key} failed after ${received} bytes: ${(error as Error).message}`), {code}))
      }
      await connection.waitBeforeRetry(attempt, {op, method: 'GET', ...target}, String(failureCode(failure.error)), options.signal)
        .catch(() => { throw StorageError.from(op, options.signal?.reason ?? error) })
    }
  }

  if (expected !== undefined && received !== expected) {
    throw new StorageError(op, Object.assign(new Error(`received ${received} bytes of ${expected}`), {code: 'IncompleteBody'}))
  }
  const md5 = expectedMd5(first, userRange)
  if (md5 && hash) {
    const actual = hash.digest('hex')
    if (actual !== md5) throw new StorageError(op, Object.assign(new Error(`MD5 ${actual} of the received bytes differs from the ETag ${md5}`), {code: 'BadDigest'}))
  }
  return {response: first, bytes: received}
}

function failureCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? 'ERR'
}
