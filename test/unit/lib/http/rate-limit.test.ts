import assert from 'node:assert/strict'
import {Readable, Writable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {pieceSizeFor, RateLimit, TokenBucket} from '../../../../src/lib/http/rate-limit.js'

const KiB = 1024
const MiB = 1024 * KiB

/** A clock the test moves by hand. */
function fakeClock(): {now: () => number; advance: (ms: number) => void} {
  let t = 1000
  return {now: () => t, advance: (ms) => (t += ms)}
}

describe('rate-limit', function () {
  describe('TokenBucket (a fake clock)', function () {
    it('lets a full bucket pass at once, then makes takers wait for the rate', function () {
      const clock = fakeClock()
      const bucket = new TokenBucket(1000, 100, clock.now) // 1000 B/s, 100 B of burst
      assert.equal(bucket.take(100), 0, 'the burst passes at once')
      assert.equal(bucket.take(50), 50, '50 B of debt at 1000 B/s: 50 ms')
      assert.equal(bucket.take(50), 100, 'the next taker queues behind the first')
    })

    it('refills at the rate, never above its capacity', function () {
      const clock = fakeClock()
      const bucket = new TokenBucket(1000, 100, clock.now)
      bucket.take(100)
      clock.advance(50) // 50 B back
      assert.equal(bucket.take(50), 0)
      assert.equal(bucket.take(1), 1)
      clock.advance(60_000) // a minute idle: still only the capacity
      assert.equal(bucket.take(100), 0)
      assert.equal(bucket.take(100), 100)
    })

    it('holds the rate over many takers sharing it: N bytes take N / rate seconds, less the burst', function () {
      const clock = fakeClock()
      const rate = 2 * MiB
      const bucket = new TokenBucket(rate, rate / 10, clock.now)
      // Four streams take 64 KiB pieces in turn; each waits its answer before its next take.
      const ready = [0, 0, 0, 0]
      let sent = 0
      while (sent < 6 * MiB) {
        const stream = ready.indexOf(Math.min(...ready))
        clock.advance(Math.max(0, ready[stream] - clock.now()))
        ready[stream] = clock.now() + bucket.take(64 * KiB)
        sent += 64 * KiB
      }
      const seconds = (Math.max(...ready) - 1000) / 1000
      assert.ok(Math.abs(seconds - (6 * MiB - rate / 10) / rate) < 0.01, `${seconds} s`)
    })
  })

  it('cuts bodies into pieces of about 1/20 s, 256 KiB at most', function () {
    assert.equal(pieceSizeFor(100 * MiB), 256 * KiB)
    assert.equal(pieceSizeFor(200 * KiB), 10 * KiB)
    assert.equal(pieceSizeFor(10), 1)
  })

  describe('RateLimit.pace (real time)', function () {
    it('paces a stream and a buffer to the rate, the bytes unchanged', async function () {
      const limit = new RateLimit(512 * KiB)
      const bytes = Buffer.alloc(256 * KiB, 7)
      const started = performance.now()
      const fromStream = Buffer.concat(await limit.pace(Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)])).toArray())
      const fromBuffer = Buffer.concat(await limit.pace(bytes).toArray())
      const seconds = (performance.now() - started) / 1000
      assert.ok(fromStream.equals(bytes) && fromBuffer.equals(bytes))
      // 512 KiB through one shared bucket of 512 KiB/s with 51 KiB of burst: 0.9 s at least.
      assert.ok(seconds >= 0.85, `${seconds} s`)
    })

    it('reads no further ahead than the stream buffers when the bucket is empty (backpressure)', async function () {
      const limit = new RateLimit(64 * KiB)
      let read = 0
      const source = new Readable({
        read() {
          read += 16 * KiB
          this.push(Buffer.alloc(16 * KiB))
        },
      })
      const paced = limit.pace(source)
      paced.resume()
      await new Promise((resolve) => setTimeout(resolve, 500))
      paced.destroy()
      // ~32 KiB passed in 0.5 s; the source was asked for little more than the buffers hold.
      assert.ok(read <= 256 * KiB, `read ${read} bytes ahead`)
    })

    it('stops at once when destroyed mid-wait, the source destroyed with it', async function () {
      const limit = new RateLimit(1024)
      const source = Readable.from([Buffer.alloc(64 * KiB)], {objectMode: false})
      const paced = limit.pace(source)
      const sink = new Writable({write: (_chunk, _encoding, done) => done()})
      const started = performance.now()
      const done = pipeline(paced, sink)
      setTimeout(() => paced.destroy(new Error('aborted')), 100)
      await assert.rejects(done, /aborted/)
      assert.ok(performance.now() - started < 1000, 'no wait for the bucket after the abort')
      await new Promise((resolve) => setImmediate(resolve))
      assert.ok(source.destroyed, 'the source is closed too')
    })
  })
})
