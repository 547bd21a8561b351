/**
 * Where upload bytes come from: a local file (read at its own pace into part buffers) or any
 * Readable such as stdin (size unknown until it ends). Both fill caller-owned buffers, so the
 * uploader decides how many bytes are in memory at once.
 */
import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'
import type {FileHandle} from 'node:fs/promises'
import {Readable} from 'node:stream'
import {KiB} from '../constants.js'
import type {StreamBody} from '../connection.js'

export interface ByteSource {
  /** Total size when known in advance (files); undefined for streams. */
  readonly size?: number
  /** Fills `into` from its start; fewer bytes than its length only at the end. Returns the count. */
  fill(into: Buffer): Promise<number>
  /**
   * Sources that can be read at any offset (files) give parts as streams instead: read once
   * for the MD5, then again while sending, so no part has to sit in memory.
   */
  slice?(offset: number, length: number): Promise<StreamBody>
  close(): Promise<void>
}

export class FileSource implements ByteSource {
  constructor(private readonly handle: FileHandle, readonly size: number, private readonly path: string) {}

  async fill(into: Buffer): Promise<number> {
    let filled = 0
    while (filled < into.length) {
      const {bytesRead} = await this.handle.read(into, filled, into.length - filled, null)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return filled
  }

  async slice(offset: number, length: number): Promise<StreamBody> {
    // Each range stream opens the file anew: destroying a stream (a failed try) closes its fd,
    // which must not be the handle the other parts are still reading.
    const range = () => createReadStream(this.path, {start: offset, end: offset + length - 1, highWaterMark: 256 * KiB})
    const md5 = createHash('md5')
    if (length > 0) for await (const chunk of range()) md5.update(chunk as Buffer)
    // If the file changes between the two reads, the server rejects the part (BadDigest).
    return {length, md5Base64: md5.digest('base64'), open: length > 0 ? range : () => Readable.from([])}
  }

  close(): Promise<void> {
    return this.handle.close()
  }
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
