import assert from 'node:assert/strict'
import {planPartSize} from '../../../../src/lib/storage/multipart-driver.js'

const MiB = 1024 * 1024

describe('multipart part sizes', function () {
  it('keeps parts within 10000 and at least 5 MiB', function () {
    assert.equal(planPartSize(16 * MiB, 512 * MiB), 16 * MiB)
    assert.equal(planPartSize(16 * MiB, 1024 * 1024 * MiB), 105 * MiB)
    assert.equal(planPartSize(MiB), 5 * MiB)
    assert.equal(planPartSize(256 * MiB, 6 * 1024 * MiB), 256 * MiB)
    assert.equal(planPartSize(256 * MiB, 5 * 1024 * 1024 * MiB), 525 * MiB, 'grown to fit 10000 parts')
    assert.equal(planPartSize(8 * 1024 * MiB, 10 * 1024 * MiB), 5 * 1024 * MiB, 'at most 5 GiB per part')
  })
})
