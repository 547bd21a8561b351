/**
 * Where a download to a path lands. A regular file (or a new one) is written to a temp file
 * beside it and renamed into place only once complete, so a failure leaves the old file as it
 * was. Anything else that exists (a character device such as /dev/null, a FIFO) is written
 * straight through, as aws-cli does: renaming over it would replace the node with a file.
 */
import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import {type FileHandle, open, rename, rm, stat} from 'node:fs/promises'
import path from 'node:path'
import {MiB} from '../constants.js'
import type {Sink} from './download.js'
import {LocalFileError} from '../errors.js'

/** The longest file name (in bytes) of common file systems (ext4, xfs, btrfs, tmpfs). */
const NAME_MAX = 255

/** Bytes handed to the disk and not yet written: beyond it the download waits for the disk. */
const WRITE_BEHIND = 8 * MiB

/** The same for each range of a ranged download (several in flight: memory stays bounded). */
const RANGE_WRITE_BEHIND = MiB

/** Bytes gathered into one write call. */
const BATCH = MiB

/** A sink on the local target: commit() once the download is verified, discard() on failure. */
export interface FileSink extends Sink {
  commit(): Promise<void>
  discard(): Promise<void>
  /** A temp file takes bytes anywhere (ranges in parallel); a device or FIFO only in order. */
  positional?: PositionalFile
}

/** The temp file seen as a place to write ranges into and read them back (to hash them in order). */
export interface PositionalFile {
  /** A sink writing from `offset` on, with its own writes in flight: its flush() waits for its own writes only. */
  at(offset: number): Sink
  /** Reads up to buffer.length bytes at `position` (already written and flushed); answers how many. */
  read(buffer: Buffer, position: number): Promise<number>
}

/**
 * Writes kept in flight up to `limit` bytes: the network reads on while the disk writes, and
 * add() waits only when the disk falls behind. The first failure is thrown by the next add()
 * or by drain().
 */
export class WriteBehind {
  private readonly pending = new Set<Promise<void>>()
  private bytes = 0
  private failed = false
  private failure: unknown

  constructor(private readonly limit: number) {}

  async add(bytes: number, write: () => Promise<void>): Promise<void> {
    this.throwIfFailed()
    const task: Promise<void> = write().catch((error: unknown) => {
      if (!this.failed) [this.failed, this.failure] = [true, error]
    }).finally(() => {
      this.bytes -= bytes
      this.pending.delete(task)
    })
    this.bytes += bytes
    this.pending.add(task)
    while (this.bytes > this.limit && !this.failed) await Promise.race(this.pending)
    this.throwIfFailed()
  }

  /** Waits for every write handed over; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.pending)
    this.throwIfFailed()
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failure
  }
}

/**
 * The temp file for `localName`: `.NAME.s3tmp-RANDOM` in the same folder (so the rename stays
 * on one file system), NAME cut (at a UTF-8 character boundary) so the whole stays within 255 bytes.
 */
export function tempPathFor(localName: string, random = randomBytes(4).toString('hex')): string {
  const suffix = `.s3tmp-${random}`
  const room = NAME_MAX - 1 - Buffer.byteLength(suffix) // 1: the leading dot
  return path.join(path.dirname(localName), `.${truncateUtf8(path.basename(localName), room)}${suffix}`)
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, never half a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text)
  if (bytes.length <= maxBytes) return text
  let end = maxBytes
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end-- // bytes[end] continues the character before it
  return bytes.subarray(0, end).toString()
}

/** Opens the sink for a download into `localName` (refused when it is a folder). */
export async function openFileSink(localName: string): Promise<FileSink> {
  const existing = await stat(localName).catch(() => undefined)
  if (existing?.isDirectory()) throw new LocalFileError(`${localName} is a folder`, 'EISDIR', localName)
  if (existing && !existing.isFile()) return openThrough(localName)
  return openViaTemp(localName)
}

/** A device or FIFO: opened as it is (no create, no truncate; a FIFO waits for its reader). */
async function openThrough(localName: string): Promise<FileSink> {
  const handle = await open(localName, constants.O_WRONLY)
  const queue = new WriteBehind(WRITE_BEHIND)
  let tail = Promise.resolve() // a FIFO takes its bytes in order: one write after the other
  return {
    write: (chunk) => queue.add(chunk.length, () => (tail = tail.then(() => writeAll(handle, chunk)))),
    flush: () => queue.drain(),
    async commit() {
      await queue.drain()
      await handle.close()
    },
    async discard() {
      await queue.drain().catch(() => {})
      await handle.close().catch(() => {})
    },
  }
}

async function openViaTemp(localName: string): Promise<FileSink> {
  const temp = tempPathFor(localName)
  // wx+: the ranges are read back to be hashed in order (ranged-download.ts).
  const handle = await open(temp, 'wx+').catch((error: NodeJS.ErrnoException) => {
    // Name the file asked for, not the temp file (ENOENT: its folder is missing...).
    throw new LocalFileError(`cannot write ${localName}: ${error.message.replace(/, open .*$/, '')}`, error.code, localName)
  })
  let closed = false
  const writers: Array<Sink & {flush(): Promise<void>; drain(): Promise<void>}> = []
  const at = (offset: number, limit = RANGE_WRITE_BEHIND) => {
    const writer = positionalWriter(handle, offset, limit)
    writers.push(writer)
    return writer
  }
  const whole = at(0, WRITE_BEHIND) // a download of one GET writes through this one
  return {
    write: (chunk) => whole.write(chunk),
    flush: () => whole.flush(),
    positional: {
      at,
      read: async (buffer, position) => (await handle.read(buffer, 0, buffer.length, position)).bytesRead,
    },
    async commit() {
      for (const writer of writers) await writer.flush()
      await handle.sync() // the bytes are on disk before the name points at them
      await handle.close()
      closed = true
      await rename(temp, localName)
    },
    async discard() {
      for (const writer of writers) await writer.drain().catch(() => {})
      if (!closed) await handle.close().catch(() => {})
      await rm(temp, {force: true}).catch(() => {})
    },
  }
}

/**
 * Write buffers of BATCH bytes, reused by every writer of the process. Network chunks (64 KiB,
 * fresh from the socket) are copied in and die young, freed by the next scavenge; kept until
 * written, they outlived it, went to the old generation and stayed until a full collection:
 * half a second of GC per 256 MiB and tens of MiB of RSS.
 */
class BatchBuffers {
  private readonly free: Buffer[] = []

  constructor(private readonly keep: number) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(BATCH)
  }

  give(buffer: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buffer)
  }
}

/** Enough for a download's writers at once (a few ranges, each a buffer filling and one written). */
const batchBuffers = new BatchBuffers(16)

/**
 * Writes from `offset` on, in order: network chunks copied into one buffer of BATCH bytes,
 * written at its own position (far fewer calls, no shared cursor), up to `limit` bytes handed
 * over and not yet written. A buffer goes back to the pool once its write has ended.
 */
function positionalWriter(handle: FileHandle, offset: number, limit: number) {
  const queue = new WriteBehind(limit)
  let buffer: Buffer | undefined
  let filled = 0
  let position = offset // of the buffer in the file
  const writeBatch = async () => {
    const [full, at, bytes] = [buffer as Buffer, position, filled]
    buffer = undefined
    filled = 0
    position += bytes
    await queue.add(bytes, async () => {
      try {
        await writeAllAt(handle, full.subarray(0, bytes), at)
      } finally {
        batchBuffers.give(full)
      }
    })
  }
  return {
    async write(chunk: Buffer) {
      let copied = 0
      while (copied < chunk.length) {
        buffer ??= batchBuffers.take()
        const n = chunk.copy(buffer, filled, copied)
        copied += n
        filled += n
        if (filled === buffer.length) await writeBatch()
      }
    },
    async flush() {
      if (filled > 0) await writeBatch()
      await queue.drain()
    },
    drain: () => queue.drain(),
  }
}

/** Writes all of `bytes` at `position`, going on after a short write. */
async function writeAllAt(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done, position + done)).bytesWritten
}

/** Writes the whole chunk (a pipe may take less than asked in one write). */
async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let done = 0
  while (done < chunk.length) done += (await handle.write(chunk, done)).bytesWritten
}
