/**
 * Server-side copy. One CopyObject up to 5 GiB (S3's limit for it); above, a multipart upload
 * (multipart-driver.ts) whose parts are UploadPartCopy ranges of the source. The object's
 * bytes never pass through this process either way.
 */
import {parseBody} from '../client/response.js'
import {encodeKeyPath, uriEncode} from '../client/signer.js'
import type {S3Response} from '../client/response.js'
import type {Target} from '../types.js'
import {type Send, uploadPartCopy} from './multipart.js'
import {planPartSize, runMultipart} from './multipart-driver.js'

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
  /** Headers every part carries: the SSE-C keys of the new object and of the source. */
  partHeaders?: Record<string, string>
  partSize: number
  concurrency: number
  signal?: AbortSignal
}

export async function multipartCopy(args: MultipartCopyArgs): Promise<{response: S3Response; parts: number}> {
  const {send, op, target, size} = args
  const partSize = planPartSize(args.partSize, size)
  const count = Math.max(1, Math.ceil(size / partSize))
  let n = 0
  return runMultipart({
    send, op, target, headers: args.headers, concurrency: args.concurrency, signal: args.signal,
    nextPart: async (uploadId) => {
      if (n === count) return null
      const partNumber = ++n
      const first = (partNumber - 1) * partSize
      const last = Math.min(size, first + partSize) - 1
      return {partNumber, bytes: last - first + 1, send: (signal) => uploadPartCopy(send, op, target, uploadId, partNumber, args.copySource, first, last, signal, args.partHeaders)}
    },
  })
}
