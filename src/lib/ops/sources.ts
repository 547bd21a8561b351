/**
 * Where upload bytes come from: a local file (read at its own pace into part buffers), bytes
 * the caller already holds, or any Readable such as stdin (size unknown until it ends). All
 * fill caller-owned buffers, so the uploader decides how many bytes are in memory at once.
 */
import {createHash, type Hash} from 'node:crypto'
import {createReadStream, type Stats} from 'node:fs'
import {type FileHandle, open} from 'node:fs/promises'
import {pipeline, Readable, Transform} from 'node:stream'
import {KiB} from '../constants.js'
import type {StreamBody} from '../client/connection.js'
import {LocalFileError, ValueError} from '../errors.js'

/**
 * What `storage.write` uploads: a file's path (a plain string is always a path), bytes, a
 * Readable, or `{content}` for a string (UTF-8) or bytes to store as they are.
 */
export type UploadInput = string | Uint8Array | Readable | {content: string | Uint8Array}

/** A path becomes a FileSource (size known; folders refused); pipes, devices and streams stream. */
export async function openSource(input: UploadInput): Promise<ByteSource> {
  if (typeof input === 'string') return openFile(input)
  if (input instanceof Uint8Array) return new BufferSource(input)
  // Any stream of bytes (a Readable of another copy of Node's stream module too): what StreamSource reads.
  if (input instanceof Readable || isAsyncIterable(input)) return new StreamSource(input as Readable)
  if (isContent(input)) return new BufferSource(typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content)
  throw new ValueError('write: give a file name, a Buffer, a Readable or {content: string | Buffer}')
}

function isAsyncIterable(input: unknown): boolean {
  return typeof input === 'object' && input !== null && Symbol.asyncIterator in input
}

function isContent(input: unknown): input is {content: string | Uint8Array} {
  if (typeof input !== 'object' || input === null || !('content' in input)) return false
  return typeof input.content === 'string' || input.content instanceof Uint8Array
}

async function openFile(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r')
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw new LocalFileError(`${path} is a folder, not a file`, 'EISDIR', path)
    if (info.isFile()) return new FileSource(handle, info, path)
    return new StreamSource(handle.createReadStream({autoClose: true}))
  } catch (error) {
    await handle.close().catch(() => {})
    throw error
  }
}

export interface ByteSource {
  /** Total size when known in advance (files); undefined for streams. */
  readonly size?: number
  /** Fills `into` from its start; fewer bytes than its length only at the end. Returns the count. */
  fill(into: Buffer): Promise<number>
  /**
   * Sources that can be read at any offset (files) give parts as streams instead, so no part
   * has to sit in memory. `digest`: 'content-md5' reads the range once for its MD5, then again
   * while sending; 'while-sent' reads it once, hashing the bytes as they go (see sentMd5).
   */
  slice?(offset: number, length: number, digest?: 'content-md5' | 'while-sent'): Promise<StreamBody>
  /** Throws a LocalFileChanged error when the source is no longer what it was when opened. */
  verifyUnchanged?(): Promise<void>
  close(): Promise<void>
}

/**
 * The error for a local file that changed while it was read: a local problem (exit 8), never
 * retried, and not the network's fault.
 */
export function localFileChanged(path: string, what: string): LocalFileError {
  return new LocalFileError(`${path} changed while it was being uploaded (${what}): nothing was published; upload it again once it is stable`, 'LocalFileChanged', path)
}

export class FileSource implements ByteSource {
  readonly size: number
  private readonly mtimeMs: number

  constructor(private readonly handle: FileHandle, opened: Stats, private readonly path: string) {
    this.size = opened.size
    this.mtimeMs = opened.mtimeMs
  }

  /** Size and modification time as they were when the file was opened. */
  async verifyUnchanged(): Promise<void> {
    const now = await this.handle.stat()
    if (now.size !== this.size) throw localFileChanged(this.path, `size ${this.size} -> ${now.size} bytes`)
    if (now.mtimeMs !== this.mtimeMs) throw localFileChanged(this.path, 'modified')
  }

  async fill(into: Buffer): Promise<number> {
    let filled = 0
    while (filled < into.length) {
      const {bytesRead} = await this.handle.read(into, filled, into.length - filled, null)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return filled
  }

  async slice(offset: number, length: number, digest: 'content-md5' | 'while-sent' = 'content-md5'): Promise<StreamBody> {
    await this.verifyUnchanged()
    // Each range stream opens the file anew: destroying a stream (a failed try) closes its fd,
    // which must not be the handle the other parts are still reading. A range that comes up
    // short means the file shrank: that fails the part at once instead of leaving the request
    // waiting for bytes that will never come.
    const range = (tap?: Hash) => pipeline(
      createReadStream(this.path, {start: offset, end: offset + length - 1, highWaterMark: 256 * KiB}),
      exactly(length, () => localFileChanged(this.path, `a read ended early at offset ${offset}`), tap),
      () => {}, // errors reach the reader through the last stream
    )
    if (digest === 'while-sent') {
      // Each try hashes what it reads; only a try that read the whole range has an MD5.
      let sent: {hash: Hash; complete: boolean} | undefined
      return {
        length,
        open: () => {
          const hash = createHash('md5')
          const attempt = {hash, complete: false}
          sent = attempt
          const stream = length > 0 ? range(hash) : Readable.from([])
          stream.once('end', () => (attempt.complete = true))
          return stream
        },
        sentMd5: () => (sent?.complete ? sent.hash.copy().digest('hex') : undefined),
      }
    }
    const md5 = createHash('md5')
    if (length > 0) for await (const chunk of range()) md5.update(chunk as Buffer)
    // If the file changes between the two reads, the server rejects the part (BadDigest); the
    // upload then says the file changed (see multipartUpload).
    return {length, md5Base64: md5.digest('base64'), open: length > 0 ? range : () => Readable.from([])}
  }

  close(): Promise<void> {
    return this.handle.close()
  }
}

/** Bytes the caller holds: size known, read in order into part buffers (multipart) or sent whole. */
export class BufferSource implements ByteSource {
  readonly bytes: Buffer
  private offset = 0

  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  get size(): number {
    return this.bytes.length
  }

  async fill(into: Buffer): Promise<number> {
    const filled = this.bytes.copy(into, 0, this.offset)
    this.offset += filled
    return filled
  }

  async close(): Promise<void> {}
}

/** A Readable consumed chunk by chunk; `peek` holds up to n bytes back to decide single PUT vs multipart. */
export class StreamSource implements ByteSource {
  readonly size = undefined
  private readonly chunks: AsyncIterator<Buffer>
  private held: Buffer[] = []
  private heldBytes = 0
  private ended = false

  constructor(stream: Readable) {
    this.chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  }

  /** Reads ahead until `n` bytes are held or the stream ends; returns the held byte count. */
  async peek(n: number): Promise<number> {
    while (this.heldBytes < n && !this.ended) {
      const next = await this.chunks.next()
      if (next.done) {
        this.ended = true
        break
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value
      if (chunk.length === 0) continue
      this.held.push(chunk)
      this.heldBytes += chunk.length
    }
    return this.heldBytes
  }

  /** Everything held so far as one buffer (the whole input when it ended within `peek`). */
  takeHeld(): Buffer {
    const all = Buffer.concat(this.held, this.heldBytes)
    this.held = []
    this.heldBytes = 0
    return all
  }

  async fill(into: Buffer): Promise<number> {
    await this.peek(into.length)
    let filled = 0
    while (filled < into.length && this.held.length > 0) {
      const chunk = this.held[0]
      const n = Math.min(chunk.length, into.length - filled)
      chunk.copy(into, filled, 0, n)
      filled += n
      this.heldBytes -= n
      if (n === chunk.length) this.held.shift()
      else this.held[0] = chunk.subarray(n)
    }
    return filled
  }

  async close(): Promise<void> {
    // Stop reading: an unfinished input (stdin after a failed upload) is left alone.
    await this.chunks.return?.()
  }
}

/** Passes bytes through (into `tap` too), failing with `tooShort()` when the stream ends before `length` bytes. */
function exactly(length: number, tooShort: () => Error, tap?: Hash): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      tap?.update(chunk)
      done(null, chunk)
    },
    flush(done) {
      done(seen === length ? null : tooShort())
    },
  })
}
