import assert from 'node:assert/strict'
import {ProgressBar, renderProgress, renderSummary} from '../../../src/output/progress.js'
import {formatBytes, formatDuration} from '../../../src/output/units.js'

const MiB = 1024 * 1024

describe('progress bar', function () {
  it('renders bytes, percentage, rate and ETA', function () {
    const line = renderProgress('put b/k', 256 * MiB, 512 * MiB, 2, 100)
    assert.match(line, /^put b\/k {2}\[=+> +\] {2} 50% {2}256\.0 MiB \/ 512\.0 MiB {2}128\.0 MiB\/s {2}ETA 00:02$/)
    assert.match(renderProgress('get', 1000, undefined, 1), /1000 B {2}1000 B\/s/)
    assert.equal(formatBytes(1536), '1.5 KiB')
    assert.equal(formatDuration(3725), '1:02:05')
    assert.equal(formatDuration(Infinity), '--:--')
  })

  it('on a narrow terminal shortens the label, never the rate and ETA', function () {
    const label = 'put com-example-photos/2024/05/01/holiday/IMG_0001.jpg'
    for (const width of [80, 60, 40, 30, 24]) {
      const line = renderProgress(label, 256 * MiB, 512 * MiB, 2, width)
      assert.ok(line.length <= width, `${width}: ${line}`)
      assert.match(line, /128\.0 MiB\/s {2}ETA 00:02$/, `${width}: ${line}`)
    }
    assert.match(renderProgress(label, 256 * MiB, 512 * MiB, 2, 80), /^put com-.*….*IMG_0001\.jpg {2} 50% {2}256\.0 MiB \/ 512\.0 MiB {2}128\.0 MiB\/s {2}ETA 00:02$/)
    assert.match(renderProgress(label, 256 * MiB, 512 * MiB, 2, 40), /^put co.*….*jpg {2}128\.0 MiB\/s {2}ETA 00:02$/) // amounts and percent gave way
    assert.equal(renderProgress(label, 256 * MiB, 512 * MiB, 2, 24), '128.0 MiB/s  ETA 00:02')
    assert.equal(renderProgress('17 files', 5 * MiB, undefined, 1, 30), '17 files  5.0 MiB  5.0 MiB/s')
    assert.equal(renderProgress('17 files', 5 * MiB, undefined, 1, 20), '17 files  5.0 MiB/s')
  })

  it('sums a transfer up in one line: bytes, seconds, rate', function () {
    assert.equal(renderSummary('put b/k', 512 * MiB, 4, 100), 'put b/k: 512.0 MiB in 4.0 s, 128.0 MiB/s')
    assert.equal(renderSummary('', 1000, 0), '1000 B in 0.0 s, 0 B/s')
    assert.equal(renderSummary('put a-very-long-bucket-name/and/a/long/key', 1024, 1, 40), 'put a…g/key: 1.0 KiB in 1.0 s, 1.0 KiB/s')
  })

  it('draws only on a TTY, and leaves a summary line when it finishes', function () {
    const written: string[] = []
    const quiet = new ProgressBar('x', true, {isTTY: false, write: (t) => written.push(t)})
    quiet.update(1, 2)
    quiet.finish()
    assert.equal(written.length, 0)
    const bar = new ProgressBar('x', true, {isTTY: true, columns: 80, write: (t) => written.push(t)})
    bar.update(2, 2)
    bar.clear()
    assert.equal(written.length, 2)
    assert.ok(written[0].startsWith('\r'))
    bar.finish()
    assert.match(written[written.length - 1], /^x: 2 B in \d+\.\d s, [\d.]+ (B|KiB)\/s\n$/)
    const count = written.length
    bar.finish() // once only
    assert.equal(written.length, count)
  })

  it('leaves no summary when it never drew (progress off)', function () {
    const written: string[] = []
    const bar = new ProgressBar('x', false, {isTTY: true, columns: 80, write: (t) => written.push(t)})
    bar.update(2, 2)
    bar.finish()
    assert.equal(written.length, 0)
  })
})
