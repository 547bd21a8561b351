/**
 * The bandwidth cap of one connection (`max_bandwidth`, the CLI's `--limit-rate`): one token
 * bucket shared by every request of the connection, so the cap holds across all streams and
 * files at once, in both directions. Bodies pass through a pacer that lets each piece go only
 * once the bucket has room for it: backpressure, never buffering (a throttled body is not read
 * ahead), and destroying the pacer (an abort) stops it at once.
 */
import {pipeline, Readable, Transform, type TransformCallback} from 'node:stream'
import {KiB} from '../constants.js'

/**
 * The pacing arithmetic, pure (the clock is given): tokens are bytes, refilled at the rate up to
 * the capacity (the burst an idle connection may send at once). A take may run the bucket into
 * debt; the answer is how long the taker waits until the debt is paid. Takers queue in the
 * order they took, so the total never exceeds the rate however many streams share the bucket.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(readonly bytesPerSecond: number, readonly capacity: number, private readonly now: () => number = () => performance.now()) {
    this.tokens = capacity
    this.last = now()
  }

  /** Takes `bytes` tokens: the milliseconds to wait before those bytes may pass (0: at once). */
  take(bytes: number): number {
    const now = this.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.bytesPerSecond) / 1000)
    this.last = now
    this.tokens -= bytes
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.bytesPerSecond
  }
}

/** Pieces of about 1/20 s at the rate (256 KiB at most, a file read): pacing smooth enough, and few timers at high rates. */
export function pieceSizeFor(bytesPerSecond: number): number {
  return Math.max(1, Math.min(256 * KiB, Math.floor(bytesPerSecond / 20)))
}

/** One connection's limit: its bucket, and the pacers every body goes through. */
export class RateLimit {
  readonly bucket: TokenBucket
  readonly pieceSize: number

  constructor(readonly bytesPerSecond: number, now?: () => number) {
    this.pieceSize = pieceSizeFor(bytesPerSecond)
    // A tenth of a second of burst: an idle connection starts at once, but not a second ahead.
    this.bucket = new TokenBucket(bytesPerSecond, Math.max(this.pieceSize, bytesPerSecond / 10), now)
  }

  /** `source` (a body's stream, or its bytes) as a stream paced by this limit. */
  pace(source: Readable | Buffer): Readable {
    const stream = Buffer.isBuffer(source) ? Readable.from([source], {objectMode: false}) : source
    // pipeline: an error or a destroy at either end reaches the other (an abort stops the reads).
    return pipeline(stream, new Pacer(this), () => {})
  }
}

/** Lets each piece of its input pass once the shared bucket has room for it. */
class Pacer extends Transform {
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly limit: RateLimit) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.passFrom(chunk, 0, done)
  }

  /** Pushes `chunk` from `offset` on, piece by piece, waiting for the bucket between them. */
  private passFrom(chunk: Buffer, offset: number, done: TransformCallback): void {
    while (offset < chunk.length) {
      const piece = chunk.subarray(offset, offset + this.limit.pieceSize)
      offset += piece.length
      const wait = this.limit.bucket.take(piece.length)
      if (wait >= 1) {
        this.timer = setTimeout(() => {
          this.timer = undefined
          this.push(piece)
          this.passFrom(chunk, offset, done)
        }, wait)
        return
      }
      this.push(piece)
    }
    done()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.timer) // an abort does not wait for the bucket
    callback(error)
  }
}
