import assert from 'node:assert/strict'
import {Link, parseShapingArgs, parseSize} from '../../../bench/pacing.js'

const MiB = 1024 * 1024

describe('shaping proxy pacing (pure)', () => {
  it('delivers one chunk after its sending time plus the delay', () => {
    const link = new Link(24 * MiB, 15)
    // 24 MiB/s sends 1 MiB in 1000/24 ms.
    assert.equal(link.deliveryTime(1000, MiB), 1000 + 1000 / 24 + 15)
  })

  it('queues chunks behind each other at the rate, the delay overlapped, not added per chunk', () => {
    const link = new Link(1000, 15) // 1000 bytes/s: 1 ms a byte
    const times = [0, 1, 2, 3].map(() => link.deliveryTime(0, 100))
    assert.deepEqual(times, [115, 215, 315, 415])
    // A whole transfer takes its size / rate plus one delay: 128 MiB at 24 MiB/s in 64 KiB chunks.
    const big = new Link(24 * MiB, 15)
    let last = 0
    for (let i = 0; i < 2048; i++) last = big.deliveryTime(0, 64 * 1024)
    assert.ok(Math.abs(last - (128 / 24 * 1000 + 15)) < 1e-6, `${last}`)
  })

  it('banks no credit while idle: after a pause the next chunks go at the rate again', () => {
    const link = new Link(1000, 10)
    link.deliveryTime(0, 100) // sent by 100
    assert.equal(link.deliveryTime(5000, 100), 5110)
    assert.equal(link.deliveryTime(5000, 100), 5210)
  })

  it('lets at least one delay and 100 ms of sending wait in the proxy', () => {
    assert.equal(new Link(24 * MiB, 15).bufferLimit, Math.ceil(24 * MiB * 0.115))
    assert.equal(new Link(1000, 0).bufferLimit, 64 * 1024)
  })

  it('refuses a rate of 0 and a negative delay', () => {
    assert.throws(() => new Link(0, 15), /rate/)
    assert.throws(() => new Link(1, -1), /delay/)
  })

  it('reads sizes with binary and decimal units', () => {
    assert.equal(parseSize('24MiB'), 24 * MiB)
    assert.equal(parseSize('1.5 KiB'), 1536)
    assert.equal(parseSize('10MB'), 10e6)
    assert.equal(parseSize('4096'), 4096)
    assert.throws(() => parseSize('fast'), /not a size: 'fast'/)
    assert.throws(() => parseSize('0MiB'), /above 0/)
  })

  it('reads its command line: defaults 24 MiB/s and 15 ms, loopback targets only', () => {
    assert.deepEqual(parseShapingArgs(['--target', 'http://127.0.0.1:8000']), {
      target: {host: '127.0.0.1', port: 8000}, port: 0, bytesPerSecond: 24 * MiB, delayMs: 15, maxSeconds: 10800,
    })
    const options = parseShapingArgs(['--target', '[::1]:9', '--rate', '1MiB', '--delay-ms', '0', '--port', '7000', '--max-seconds', '60'])
    assert.deepEqual(options, {target: {host: '::1', port: 9}, port: 7000, bytesPerSecond: MiB, delayMs: 0, maxSeconds: 60})
    assert.throws(() => parseShapingArgs(['--target', 's3.amazonaws.com:443']), /loopback/)
    assert.throws(() => parseShapingArgs([]), /--target HOST:PORT is required/)
    assert.throws(() => parseShapingArgs(['--target', '127.0.0.1:1', '--rate']), /--rate needs a value/)
    assert.throws(() => parseShapingArgs(['--target', '127.0.0.1:1', '--speed', '1']), /unknown option '--speed'/)
    assert.throws(() => parseShapingArgs(['--target', '127.0.0.1:1', '--delay-ms', '-3']), /--delay-ms must be/)
  })
})
