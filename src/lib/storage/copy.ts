/**
 * Server-side copy. One CopyObject up to 5 GiB (S3's limit for it); above, a multipart upload
 * whose parts are UploadPartCopy ranges of the source, several in flight, aborted on failure.
 * The object's bytes never pass through this process either way.
 */
import {StorageError} from '../errors.js'
import {uriEncode, encodeKeyPath} from '../signer.js'
import type {S3Response} from '../transport.js'
import {abortUpload, completeUpload, type CompletedPart, initiateUpload, MAX_PART_SIZE, MAX_PARTS, parseBody,
  type Send, type Target, uploadPartCopy} from './multipart.js'

const MiB = 1024 * 1024

/** The x-amz-copy-source value: `/bucket/key` percent-encoded like the request path. */
export function copySourceHeader(source: Target, versionId?: string): string {
  const path = `/${uriEncode(source.bucket, true)}/${encodeKeyPath(source.key)}`
  return versionId ? `${path}?versionId=${uriEncode(versionId, true)}` : path
}

export async function singleCopy(send: Send, op: string, copySource: string, target: Target, headers: Record<string, string>, signal?: AbortSignal): Promise<S3Response> {
  const response = await send({op, method: 'PUT', ...target, headers: {...headers, 'x-amz-copy-source': copySource}, signal})
  await parseBody(op, response) // CopyObject can answer 200 and still fail inside the body
  return response
}

export interface MultipartCopyArgs {
  send: Send
  op: string
  copySource: string
  size: number
  target: Target
  /** Headers for the new object (metadata, Content-Type...): multipart copy copies none by itself. */
  headers: Record<string, string>
  partSize: number
  concurrency: number
  signal?: AbortSignal
}

/** Part size for copying `size` bytes: at least the asked size, at most 10000 parts, at most 5 GiB each. */
export function copyPartSize(size: number, asked: number): number {
  let part = Math.max(asked, 5 * MiB)
  if (Math.ceil(size / part) > MAX_PARTS) part = Math.ceil(size / MAX_PARTS / MiB) * MiB
  return Math.min(part, MAX_PART_SIZE)
}

export async function multipartCopy(args: MultipartCopyArgs): Promise<{response: S3Response; parts: number}> {
  const {send, op, target, size, signal} = args
  const partSize = copyPartSize(size, args.partSize)
  const count = Math.max(1, Math.ceil(size / partSize))
  const uploadId = await initiateUpload(send, op, target, args.headers, signal)
  const stop = new AbortController()
  const onAbort = () => stop.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, {once: true})
  const parts: CompletedPart[] = []
  let next = 1
  let failure: unknown
  // `concurrency` workers take part numbers in turn until none are left or one fails.
  const worker = async () => {
    while (failure === undefined && !stop.signal.aborted && next <= count) {
      const n = next++
      const first = (n - 1) * partSize
      const last = Math.min(size, first + partSize) - 1
      try {
        parts.push({PartNumber: n, ETag: await uploadPartCopy(send, op, target, uploadId, n, args.copySource, first, last, stop.signal)})
      } catch (error) {
        failure ??= error
        stop.abort(error)
      }
    }
  }
  try {
    await Promise.all(Array.from({length: Math.min(args.concurrency, count)}, worker))
    if (failure === undefined && signal?.aborted) failure = StorageError.from(op, signal.reason)
    if (failure !== undefined) throw failure
    parts.sort((a, b) => a.PartNumber - b.PartNumber)
    return {response: await completeUpload(send, op, target, uploadId, parts), parts: parts.length}
  } catch (error) {
    await abortUpload(send, op, target, uploadId).catch(() => {})
    throw StorageError.from(op, error)
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}
