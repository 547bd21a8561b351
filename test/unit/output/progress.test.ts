import assert from 'node:assert/strict'
import {formatBytes, formatDuration, ProgressBar, renderProgress} from '../../../src/output/progress.js'

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

  it('draws only on a TTY', function () {
    const written: string[] = []
    new ProgressBar('x', true, {isTTY: false, write: (t) => written.push(t)}).update(1, 2)
    assert.equal(written.length, 0)
    const bar = new ProgressBar('x', true, {isTTY: true, columns: 80, write: (t) => written.push(t)})
    bar.update(2, 2)
    bar.finish()
    assert.equal(written.length, 2)
    assert.ok(written[0].startsWith('\r'))
  })
})
