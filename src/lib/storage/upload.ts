/**
 * Multipart upload of a ByteSource with bounded memory: file parts stream from their byte
 * range (read once for the MD5, once to send), other inputs are read into reused part buffers.
 * This file only cuts the source into parts; multipart-driver.ts sends them (in flight,
 * completed, or aborted on failure).
 */
import {MAX_PART_SIZE} from '../constants.js'
import type {StreamBody} from '../connection.js'
import type {S3Response} from '../transport.js'
import type {Target} from '../types.js'
import {type Send, uploadPart} from './multipart.js'
import {type PartJob, runMultipart} from './multipart-driver.js'
import type {ByteSource} from './sources.js'

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
  /** Bytes per part (already planned with planPartSize) and parts in flight. */
  partSize: number
  concurrency: number
  signal?: AbortSignal
  onProgress?: UploadProgress
  /** Called with the upload id once it exists (tests use it to fire aborts mid-way). */
  onInitiated?: (uploadId: string) => void
}

export async function multipartUpload(args: MultipartUploadArgs): Promise<{response: S3Response; parts: number; size: number}> {
  const {send, op, target, source} = args
  const pool: Buffer[] = []
  let n = 0
  let ended = false
  let done = 0
  const nextPart = async (uploadId: string): Promise<PartJob | null> => {
    if (ended) return null
    n++
    const size = partSizeFor(n, args.partSize, source.size !== undefined)
    const {body, filled, owned} = await readPart(source, n, size, pool)
    const release = owned ? () => pool.push(owned) : undefined
    if (filled === 0 && n > 1) {
      release?.()
      return null
    }
    if (filled < size) ended = true // the source ended inside this part
    const partNumber = n
    return {partNumber, bytes: filled, release, send: (signal) => uploadPart(send, op, target, uploadId, partNumber, body, signal)}
  }
  const verifyUnchanged = async () => source.verifyUnchanged?.()
  try {
    const result = await runMultipart({
      send, op, target, headers: args.headers, concurrency: args.concurrency, signal: args.signal, nextPart,
      onInitiated: args.onInitiated,
      onPartDone: (bytes) => {
        done += bytes
        args.onProgress?.(done, source.size)
      },
      beforeComplete: verifyUnchanged,
    })
    return {...result, size: done}
  } catch (error) {
    // A part refused for its digest, or a read that came up short, is the file changing under
    // the upload: say so, rather than blame the network or the server.
    await verifyUnchanged()
    throw error
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
