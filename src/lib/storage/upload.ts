/**
 * Multipart upload with bounded memory: file parts stream from their byte range (read once
 * for the MD5, once to send), other inputs are read into reused part buffers; at most
 * `concurrency` parts are in flight. Any failure or abort signal ends with
 * AbortMultipartUpload, so no parts are left behind and an existing object is never replaced
 * by a partial one (only CompleteMultipartUpload publishes).
 */
import {StorageError} from '../errors.js'
import type {StreamBody} from '../connection.js'
import type {S3Response} from '../transport.js'
import type {ByteSource} from './sources.js'
import {abortUpload, completeUpload, type CompletedPart, initiateUpload, MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE,
  type Send, type Target, uploadPart} from './multipart.js'

const MiB = 1024 * 1024

export interface MultipartPlan {
  partSize: number
  concurrency: number
}

/**
 * The part size for `size` bytes: the configured size, at least S3's 5 MiB minimum, grown (to
 * whole MiB) so the file fits in 10000 parts. For an unknown size the base is kept and
 * `partSizeFor` grows it every 1000 parts instead.
 */
export function choosePartSize(configured: number, size?: number): number {
  let part = Math.max(configured, MIN_PART_SIZE)
  if (size !== undefined && Math.ceil(size / part) > MAX_PARTS) part = Math.ceil(size / MAX_PARTS / MiB) * MiB
  return Math.min(part, MAX_PART_SIZE)
}

/** Size of part `n` (1-based) when the total is unknown: base, 2x base from part 1001, 3x from 2001... */
export function partSizeFor(n: number, base: number, sizeKnown: boolean): number {
  if (sizeKnown) return base
  return Math.min(base * (1 + Math.floor((n - 1) / 1000)), MAX_PART_SIZE)
}

export interface UploadProgress {
  (bytesDone: number, total?: number): void
}

export interface MultipartUploadArgs {
  send: Send
  op: string
  target: Target
  headers: Record<string, string>
  source: ByteSource
  plan: MultipartPlan
  signal?: AbortSignal
  onProgress?: UploadProgress
  /** Called with the upload id once it exists (tests use it to fire aborts mid-way). */
  onInitiated?: (uploadId: string) => void
}

export async function multipartUpload(args: MultipartUploadArgs): Promise<{response: S3Response; parts: number}> {
  const {send, op, target, source, plan, signal, onProgress} = args
  signal?.throwIfAborted()
  const uploadId = await initiateUpload(send, op, target, args.headers, signal)
  args.onInitiated?.(uploadId)

  // One controller for every part: the first failure (or the caller's abort) cancels the rest.
  const stop = new AbortController()
  const onAbort = () => stop.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, {once: true})
  let failure: unknown
  const fail = (error: unknown) => {
    failure ??= error
    if (!stop.signal.aborted) stop.abort(error)
  }

  const parts: CompletedPart[] = []
  const inFlight = new Set<Promise<void>>()
  const pool: Buffer[] = []
  let done = 0
  try {
    for (let n = 1; ; n++) {
      while (inFlight.size >= plan.concurrency) await Promise.race(inFlight)
      if (failure !== undefined || stop.signal.aborted) break
      if (n > MAX_PARTS) throw new StorageError(op, new Error(`the input needs more than ${MAX_PARTS} parts: raise part_size`))
      const size = partSizeFor(n, plan.partSize, source.size !== undefined)
      let next: {body: Buffer | StreamBody; filled: number; owned?: Buffer}
      try {
        next = await readPart(source, n, size, pool)
      } catch (error) {
        fail(StorageError.from(op, error))
        break
      }
      const {body, filled, owned} = next
      if (filled === 0 && n > 1) {
        if (owned) pool.push(owned)
        break
      }
      const task = uploadPart(send, op, target, uploadId, n, body, stop.signal).then(
        (etag) => {
          parts.push({PartNumber: n, ETag: etag})
          done += filled
          onProgress?.(done, source.size)
        },
        fail,
      ).finally(() => {
        inFlight.delete(task)
        if (owned) pool.push(owned)
      })
      inFlight.add(task)
      if (filled < size) break // the source ended inside this part
    }
    await Promise.all(inFlight)
    if (failure === undefined && signal?.aborted) failure = StorageError.from(op, signal.reason)
    if (failure !== undefined) throw failure
    parts.sort((a, b) => a.PartNumber - b.PartNumber)
    const response = await completeUpload(send, op, target, uploadId, parts)
    return {response, parts: parts.length}
  } catch (error) {
    await Promise.allSettled(inFlight) // no part may land after the abort
    try {
      await abortUpload(send, op, target, uploadId)
    } catch (abortError) {
      // The upload stays open; say so, with the id needed to abort it by hand.
      const why = StorageError.from(op, error).message
      throw new StorageError(op, new Error(`${why}; and aborting multipart upload ${uploadId} failed too: ${(abortError as Error).message}`))
    }
    throw StorageError.from(op, signal?.aborted ? (signal.reason ?? error) : error)
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * Part `n` of the source: a stream over the file's range when the source can slice (files:
 * no part buffered), else bytes read into a pooled buffer (stdin and other streams).
 */
async function readPart(source: ByteSource, n: number, size: number, pool: Buffer[]): Promise<{body: Buffer | StreamBody; filled: number; owned?: Buffer}> {
  if (source.slice && source.size !== undefined) {
    const offset = (n - 1) * size
    const filled = Math.max(0, Math.min(size, source.size - offset))
    return {body: await source.slice(offset, filled), filled}
  }
  let buffer = pool.pop()
  if (!buffer || buffer.length !== size) buffer = Buffer.allocUnsafe(size)
  const filled = await source.fill(buffer)
  return {body: buffer.subarray(0, filled), filled, owned: buffer}
}
