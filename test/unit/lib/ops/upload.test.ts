import assert from 'node:assert/strict'
import {partSizeFor} from '../../../../src/lib/ops/upload.js'

const MiB = 1024 * 1024

describe('upload part sizes', function () {
  it('grows the part size of a stream of unknown size every 1000 parts', function () {
    assert.equal(partSizeFor(1, 16 * MiB, false), 16 * MiB)
    assert.equal(partSizeFor(1001, 16 * MiB, false), 32 * MiB, 'unknown sizes grow every 1000 parts')
    assert.equal(partSizeFor(1001, 16 * MiB, true), 16 * MiB)
  })
})
