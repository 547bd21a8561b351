import assert from 'node:assert/strict'
import {Readable} from 'node:stream'
import {StreamSource} from '../../../../src/lib/storage/sources.js'

describe('stream source', function () {
  it('peeks up to a threshold and fills part buffers across chunk boundaries', async function () {
    const source = new StreamSource(Readable.from([Buffer.from('abc'), Buffer.from('defg'), Buffer.from('h')]))
    assert.equal(await source.peek(5), 7)
    const part = Buffer.alloc(5)
    assert.equal(await source.fill(part), 5)
    assert.equal(part.toString(), 'abcde')
    assert.equal(await source.fill(part), 3)
    assert.equal(part.subarray(0, 3).toString(), 'fgh')
    assert.equal(await source.fill(part), 0)
  })
})
