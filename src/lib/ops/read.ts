/**
 * read / readObject: an object's bytes into a file (through a temp file renamed into place) or
 * a stream, by the one download path (download.ts).
 */
import type {Writable} from 'node:stream'
import type {Client} from '../client/client.js'
import {headerValue} from '../client/response.js'
import {type Metadata, metadataOf, type RemoteName, type Target} from '../types.js'
import {type DownloadResult, runDownload, type Sink} from './download.js'
import {openFileSink} from './download-file.js'
import {runRangedDownload} from './ranged-download.js'
import type {ReadOptions, ReadResult} from './objects.js'

/**
 * Downloads `remoteName` into `localName` and returns its metadata (the original's read). A path
 * is written through a temp file in the same folder, renamed into place only when complete
 * and verified; on any failure the temp file is removed and an existing file is left as it
 * was. A device or FIFO (/dev/null) is written straight through (see download-file.ts). A
 * Writable (stdout) receives the bytes as they come.
 */
export async function read(client: Client, remoteName: RemoteName, localName: string | Writable, options: ReadOptions = {}): Promise<Metadata> {
  return (await readObject(client, remoteName, localName, options, 'read')).metadata
}

/** As read, answering the size written, ETag, Content-Type and the other facts of the object too. */
export async function readObject(client: Client, remoteName: RemoteName, localName: string | Writable, options: ReadOptions = {}, op = 'readObject'): Promise<ReadResult> {
  const target = client.resolve(remoteName, op)
  const result = await client.recorded(op, () => typeof localName === 'string'
    ? readToFile(client, op, target, localName, options)
    : runDownload(client.connection, op, target, writableSink(localName), options), (r) => r.response)
  const h = result.response.headers
  return {
    metadata: metadataOf(h),
    size: result.bytes,
    eTag: headerValue(h, 'etag') ?? '',
    contentType: headerValue(h, 'content-type') ?? '',
    lastModified: headerValue(h, 'last-modified') ?? '',
    versionId: headerValue(h, 'x-amz-version-id'),
    headers: h,
  }
}

async function readToFile(client: Client, op: string, target: Target, localName: string, options: ReadOptions): Promise<DownloadResult> {
  const file = await openFileSink(localName)
  try {
    const {connection} = client
    const result = file.positional && options.range === undefined
      ? await runRangedDownload(connection, op, target, file.positional, {
        ...options,
        partSize: Math.max(1, Math.floor(options.partSize ?? connection.partSize)),
        concurrency: Math.max(1, Math.floor(options.concurrency ?? connection.concurrency)),
        threshold: options.multipartThreshold ?? connection.multipartThreshold,
      })
      : await runDownload(connection, op, target, file, options)
    await file.commit()
    return result
  } catch (error) {
    await file.discard()
    throw error
  }
}

/**
 * Writes to a stream: a write waits only when the stream's buffer is full (a slow reader holds
 * the download back); a write's error (a full disk under stdout) fails the download at the
 * next write or at flush.
 */
function writableSink(stream: Writable): Sink {
  let failure: Error | undefined
  let lastWritten = Promise.resolve()
  const check = () => {
    if (failure) throw failure
  }
  return {
    async write(chunk) {
      check()
      let room = true
      lastWritten = new Promise<void>((resolve) => {
        room = stream.write(chunk, 'binary', (error) => {
          if (error) failure ??= error
          resolve()
        })
      })
      if (!room) await lastWritten
      check()
    },
    async flush() {
      await lastWritten
      check()
    },
  }
}
