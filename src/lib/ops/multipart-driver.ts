/**
 * The one multipart driver, for uploads and server-side copies alike: it plans the part size,
 * starts the upload, keeps up to `concurrency` parts in flight, and completes the upload in
 * part order. Any failure or abort ends with AbortMultipartUpload (an existing object is never
 * replaced by a partial one: only CompleteMultipartUpload publishes); when the abort fails
 * too, the error says which upload id is left open. When the answer to the completion is lost,
 * the object itself says whether it happened (see completeOrConfirm). What a part is (bytes
 * of a file, a range of another object) is the caller's: it hands the driver one PartJob at a
 * time.
 */
import {createHash} from 'node:crypto'
import {MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE, MiB} from '../constants.js'
import {StorageError} from '../errors.js'
import {etagMd5, headerValue} from '../client/response.js'
import type {S3Response} from '../client/response.js'
import type {Target} from '../types.js'
import {abortUpload, completeUpload, type CompletedPart, initiateUpload, type Send} from './multipart.js'

/**
 * The part size for `size` bytes: the configured size, at least S3's 5 MiB minimum, grown (to
 * whole MiB) so the object fits in 10000 parts, at most 5 GiB. Without a size the configured
 * size is kept (see partSizeFor in upload.ts for how streams grow it).
 */
export function planPartSize(configured: number, size?: number): number {
  let part = Math.max(configured, MIN_PART_SIZE)
  if (size !== undefined && Math.ceil(size / part) > MAX_PARTS) part = Math.ceil(size / MAX_PARTS / MiB) * MiB
  return Math.min(part, MAX_PART_SIZE)
}

/** One part to send: its number and a function that sends it and gives its ETag. */
export interface PartJob {
  partNumber: number
  /** Bytes the part carries, for progress. */
  bytes: number
  send(signal: AbortSignal): Promise<string>
  /** Called once the part is done with (sent or not), to give back its buffer. */
  release?(): void
}

export interface MultipartRun {
  send: Send
  op: string
  target: Target
  /** Headers of the new object (metadata, Content-Type, ACL...), sent with the initiate call. */
  headers: Record<string, string>
  concurrency: number
  signal?: AbortSignal
  /** The next part to send (numbers from 1, in order), or null when there are no more. */
  nextPart(uploadId: string): Promise<PartJob | null>
  onInitiated?(uploadId: string): void
  onPartDone?(bytes: number): void
  /** Last check before the object is published (a source file that changed fails here). */
  beforeComplete?(): Promise<void>
}

export async function runMultipart(run: MultipartRun): Promise<{response: S3Response; parts: number}> {
  const {send, op, target, signal} = run
  signal?.throwIfAborted()
  const uploadId = await initiateUpload(send, op, target, run.headers, signal)
  run.onInitiated?.(uploadId)

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
  try {
    for (;;) {
      while (inFlight.size >= run.concurrency) await Promise.race(inFlight)
      if (failure !== undefined || stop.signal.aborted) break
      let job: PartJob | null
      try {
        job = await run.nextPart(uploadId)
      } catch (error) {
        fail(StorageError.from(op, error))
        break
      }
      if (job === null) break
      if (job.partNumber > MAX_PARTS) {
        job.release?.()
        fail(new StorageError(op, new Error(`the object needs more than ${MAX_PARTS} parts: raise part_size`)))
        break
      }
      const current = job
      const {partNumber, bytes} = current
      const task = current.send(stop.signal).then(
        (etag) => {
          parts.push({PartNumber: partNumber, ETag: etag})
          run.onPartDone?.(bytes)
        },
        fail,
      ).finally(() => {
        inFlight.delete(task)
        current.release?.()
      })
      inFlight.add(task)
    }
    await Promise.all(inFlight)
    if (failure === undefined && signal?.aborted) failure = StorageError.from(op, signal.reason)
    if (failure !== undefined) throw failure
    parts.sort((a, b) => a.PartNumber - b.PartNumber)
    await run.beforeComplete?.()
    const response = await completeOrConfirm(send, op, target, uploadId, parts)
    return {response, parts: parts.length}
  } catch (error) {
    await Promise.allSettled(inFlight) // no part may land after the abort
    const reason = StorageError.from(op, signal?.aborted ? (signal.reason ?? error) : error)
    try {
      await abortUpload(send, op, target, uploadId)
    } catch (abortError) {
      // The upload stays open; say so, with the id needed to abort it by hand.
      throw new StorageError(op, new Error(`${reason.message}; and aborting multipart upload ${uploadId} failed too: ${(abortError as Error).message}`))
    }
    throw reason
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * Completes the upload. When the completion may have happened on the server although its
 * answer never arrived (the connection died after the request went out, a server error, or a
 * retry told NoSuchUpload because the first try had completed it), the object is asked: if it
 * now carries the ETag this upload produces, the upload happened and its HEAD answer stands in
 * for the lost one. Otherwise the failure stands: never a failure that replaced the object,
 * never a success that did not happen.
 */
export async function completeOrConfirm(send: Send, op: string, target: Target, uploadId: string, parts: CompletedPart[]): Promise<S3Response> {
  try {
    return await completeUpload(send, op, target, uploadId, parts)
  } catch (error) {
    const expected = multipartEtag(parts)
    if (!expected || !mayHaveCompleted(error)) throw error
    const head = await send({op, method: 'HEAD', ...target}).catch(() => undefined)
    if (head && headerValue(head.headers, 'etag')?.replace(/"/g, '').toLowerCase() === expected) return head
    throw error
  }
}

function mayHaveCompleted(error: unknown): boolean {
  if (!(error instanceof StorageError)) return false
  return error.status === undefined || error.status >= 500 || error.code === 'NoSuchUpload'
}

/**
 * The ETag S3 gives the object a multipart upload completes: the MD5 of the parts' binary
 * MD5s, then "-" and the count. Undefined when a part's ETag is not an MD5 (SSE-KMS, SSE-C).
 */
export function multipartEtag(parts: CompletedPart[]): string | undefined {
  const digests = parts.map((p) => etagMd5(p.ETag))
  if (digests.length === 0 || digests.some((d) => d === undefined)) return undefined
  const md5 = createHash('md5')
  for (const digest of digests) md5.update(Buffer.from(digest!, 'hex'))
  return `${md5.digest('hex')}-${parts.length}`
}
