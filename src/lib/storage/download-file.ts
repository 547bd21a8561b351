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
import type {Sink} from './download.js'

/** The longest file name (in bytes) of common file systems (ext4, xfs, btrfs, tmpfs). */
const NAME_MAX = 255

/** A sink on the local target: commit() once the download is verified, discard() on failure. */
export interface FileSink extends Sink {
  commit(): Promise<void>
  discard(): Promise<void>
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
  if (existing?.isDirectory()) throw Object.assign(new Error(`${localName} is a folder`), {code: 'EISDIR'})
  if (existing && !existing.isFile()) return openThrough(localName)
  return openViaTemp(localName)
}

/** A device or FIFO: opened as it is (no create, no truncate; a FIFO waits for its reader). */
async function openThrough(localName: string): Promise<FileSink> {
  const handle = await open(localName, constants.O_WRONLY)
  return {
    write: (chunk) => writeAll(handle, chunk),
    commit: () => handle.close(),
    discard: () => handle.close().catch(() => {}),
  }
}

async function openViaTemp(localName: string): Promise<FileSink> {
  const temp = tempPathFor(localName)
  const handle = await open(temp, 'wx').catch((error: NodeJS.ErrnoException) => {
    // Name the file asked for, not the temp file (ENOENT: its folder is missing...).
    throw Object.assign(new Error(`cannot write ${localName}: ${error.message.replace(/, open .*$/, '')}`), {code: error.code})
  })
  let closed = false
  return {
    write: (chunk) => writeAll(handle, chunk),
    async commit() {
      await handle.sync() // the bytes are on disk before the name points at them
      await handle.close()
      closed = true
      await rename(temp, localName)
    },
    async discard() {
      if (!closed) await handle.close().catch(() => {})
      await rm(temp, {force: true}).catch(() => {})
    },
  }
}

/** Writes the whole chunk (a pipe may take less than asked in one write). */
async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let done = 0
  while (done < chunk.length) done += (await handle.write(chunk, done)).bytesWritten
}
