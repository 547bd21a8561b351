/**
 * A download into a file by parallel ranged GETs. The first GET asks for the first part
 * (bytes=0-(part-1)): its Content-Range gives the object's size and its ETag is pinned, so every
 * other range is asked for with If-Match on it (and the same versionId): a replaced object fails
 * the download (412) instead of mixing two versions. Up to `concurrency` ranges are in flight,
 * each written at its own offset of the temp file and each resumed on a cut exactly as a whole
 * download is (runDownload does every range). The first failure stops the others.
 *
 * Ranges step by the part size from 0, so they fall on the parts of a multipart upload made
 * with the same part size. A single-PUT object's MD5 is still checked: the first range is
 * hashed as it streams, the later ones are read back from the temp file (the page cache) in
 * order as the prefix before them completes, so hashing overlaps the network and holds no
 * out-of-order bytes in memory.
 */
import type {Hash} from 'node:crypto'
import {createHash} from 'node:crypto'
import type {S3Connection} from '../client/connection.js'
import {headerValue} from '../client/response.js'
import {IntegrityError, StorageError} from '../errors.js'
import {MiB} from '../constants.js'
import type {Target} from '../types.js'
import {type DownloadOptions, type DownloadResult, objectSize, plainMd5, runDownload} from './download.js'
import type {PositionalFile} from './download-file.js'

export interface RangedOptions extends DownloadOptions {
  /** Bytes per range. */
  partSize: number
  /** Ranges in flight. */
  concurrency: number
  /** Objects up to this size are fetched in one more range after the first, not in parallel. */
  threshold: number
}

/** Bytes read back per read when hashing a completed range. */
const READ_BACK = MiB

export async function runRangedDownload(connection: S3Connection, op: string, target: Target, file: PositionalFile, options: RangedOptions): Promise<DownloadResult> {
  const {partSize, concurrency, threshold, onProgress, ...request} = options
  const stop = new AbortController() // the first failure stops every range
  const outer = options.signal
  const onAbort = () => stop.abort(outer?.reason)
  outer?.addEventListener('abort', onAbort, {once: true})
  if (outer?.aborted) onAbort()
  const done = new Map<number, number>() // bytes received so far, per range start
  let received = 0 // their sum, kept as they grow (no walk over every range per chunk)
  let total: number | undefined
  const progress = (start: number, bytes: number) => {
    received += bytes - (done.get(start) ?? 0)
    done.set(start, bytes)
    onProgress?.(received, total)
  }
  let hash: Hash | undefined
  try {
    const first = await runDownload(connection, op, target, file.at(0), {
      ...request, signal: stop.signal, range: {start: 0, end: partSize - 1}, onProgress: (n) => progress(0, n),
    }, {
      wholeAllowed: true,
      hashFor: (response) => (hash = plainMd5(response) ? createHash('md5') : undefined),
    }).catch((error: unknown) => {
      // An empty object has no byte 0: S3 answers the range 416; it comes down whole.
      if (error instanceof StorageError && error.status === 416) return undefined
      throw changedObject(error, target, undefined) ?? error
    })
    if (!first) return await runDownload(connection, op, target, file.at(0), {...request, range: undefined, signal: stop.signal, onProgress})
    total = objectSize(first.response)
    if (total === undefined) throw new StorageError(op, new IntegrityError('the answer to a ranged GET gave no size (no Content-Range)', 'IncompleteBody'))
    const ranges = planRanges(first.bytes, total, total <= threshold ? total : partSize)
    const etag = headerValue(first.response.headers, 'etag')
    const hasher = hash ? new PrefixHasher(file, hash, first.bytes, ranges) : undefined
    await runPool(ranges, concurrency, stop, async (r) => {
      await runDownload(connection, op, target, file.at(r.start), {
        ...request,
        headers: {...request.headers, ...(etag ? {'if-match': etag} : {})},
        range: {start: r.start, end: r.end},
        signal: stop.signal,
        onProgress: (n) => progress(r.start, n),
      }).catch((error: unknown) => {
        throw changedObject(error, target, etag) ?? error
      })
      hasher?.completed(r.start)
    })
    const fetched = first.bytes + ranges.reduce((sum, r) => sum + r.end - r.start + 1, 0)
    if (fetched !== total) throw new StorageError(op, new IntegrityError(`received ${fetched} bytes of ${total}`, 'IncompleteBody'))
    const md5 = plainMd5(first.response)
    if (md5 && hash) {
      if (hasher) await hasher.finished()
      const actual = hash.digest('hex')
      if (actual !== md5) throw new StorageError(op, new IntegrityError(`MD5 ${actual} of the received bytes differs from the ETag ${md5}`, 'BadDigest'))
    }
    return {response: first.response, bytes: total}
  } finally {
    outer?.removeEventListener('abort', onAbort)
  }
}

interface ByteRange {
  start: number
  /** Inclusive. */
  end: number
}

/** The ranges after the first `from` bytes of `total`, `size` bytes each (the last shorter). */
export function planRanges(from: number, total: number, size: number): ByteRange[] {
  const ranges: ByteRange[] = []
  for (let start = from; start < total; start += size) ranges.push({start, end: Math.min(start + size, total) - 1})
  return ranges
}

/**
 * Runs `work` on every range, at most `limit` at once, in order of start. The first failure
 * aborts `stop` (the ranges in flight end at once), waits for them to settle, and is thrown:
 * nothing writes to the file after this returns.
 */
async function runPool(ranges: ByteRange[], limit: number, stop: AbortController, work: (r: ByteRange) => Promise<void>): Promise<void> {
  let next = 0
  let failure: {error: unknown} | undefined
  const worker = async () => {
    while (!failure && !stop.signal.aborted && next < ranges.length) {
      const range = ranges[next++]
      try {
        await work(range)
      } catch (error) {
        failure ??= {error}
        stop.abort()
      }
    }
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, ranges.length))}, worker))
  if (failure) throw failure.error
  if (stop.signal.aborted) throw stop.signal.reason
}

/** A 412 on If-Match: the object was replaced since the first range; said as such. */
function changedObject(error: unknown, target: Target, etag: string | undefined): StorageError | undefined {
  if (!(error instanceof StorageError) || error.status !== 412) return undefined
  return new StorageError(error.op, new IntegrityError(
    `s3://${target.bucket}/${target.key} changed during the download${etag ? ` (its ETag is no longer ${etag})` : ''}: nothing was written`, 'ObjectChanged'))
}

/**
 * Hashes the file in order: a range completed out of order waits (as a mark, not as bytes)
 * until every range before it is done, then the contiguous prefix is read back and hashed.
 */
class PrefixHasher {
  private readonly complete = new Set<number>()
  private hashedTo: number
  private index = 0
  private chain = Promise.resolve()
  private failure: {error: unknown} | undefined
  private readonly buffer = Buffer.allocUnsafe(READ_BACK)

  constructor(private readonly file: PositionalFile, private readonly hash: Hash, from: number, private readonly ranges: ByteRange[]) {
    this.hashedTo = from
  }

  completed(start: number): void {
    this.complete.add(start)
    // Caught here: a read that fails while the download goes on must not be an unhandled rejection.
    this.chain = this.chain.then(() => this.advance()).catch((error: unknown) => {
      this.failure ??= {error}
    })
  }

  /** Resolves once every range completed so far is hashed; throws a failed read's error. */
  async finished(): Promise<void> {
    await this.chain
    if (this.failure) throw this.failure.error
  }

  private async advance(): Promise<void> {
    while (this.index < this.ranges.length && this.complete.has(this.ranges[this.index].start)) {
      const end = this.ranges[this.index].end + 1
      while (this.hashedTo < end) {
        const want = Math.min(this.buffer.length, end - this.hashedTo)
        const got = await this.file.read(this.buffer.subarray(0, want), this.hashedTo)
        if (got === 0) throw new IntegrityError(`the temp file ended at ${this.hashedTo} bytes, before ${end}`, 'IncompleteBody')
        this.hash.update(this.buffer.subarray(0, got))
        this.hashedTo += got
      }
      this.complete.delete(this.ranges[this.index].start)
      this.index++
    }
  }
}
