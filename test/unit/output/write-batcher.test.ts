import assert from 'node:assert/strict'
import {setImmediate as nextTurn} from 'node:timers/promises'
import {WriteBatcher} from '../../../src/output/write-batcher.js'

function recorder(): {writes: string[]; sink: (text: string) => Promise<void>} {
  const writes: string[] = []
  return {writes, sink: async (text) => void writes.push(text)}
}

describe('output/write-batcher', () => {
  it('gathers what is added in one turn of the event loop into one write', async () => {
    const {writes, sink} = recorder()
    const out = new WriteBatcher(sink)
    for (const line of ['a\n', 'b\n', 'c\n']) await out.add(line)
    assert.deepEqual(writes, [])
    await nextTurn()
    assert.deepEqual(writes, ['a\nb\nc\n'])
    await out.add('d\n')
    await out.flush()
    assert.deepEqual(writes, ['a\nb\nc\n', 'd\n'])
  })

  it('writes at once, and waits for the write, when the limit is reached', async () => {
    let release!: () => void
    const writes: string[] = []
    const out = new WriteBatcher((text) => new Promise<void>((resolve) => {
      writes.push(text)
      release = resolve
    }), 4)
    await out.add('ab')
    let added = false
    const adding = out.add('cd').then(() => (added = true))
    await Promise.resolve()
    assert.deepEqual(writes, ['abcd'])
    assert.equal(added, false, 'a slow reader holds the producer back')
    release()
    await adding
    assert.equal(added, true)
  })

  it('keeps the order of writes, and ignores empty text', async () => {
    const {writes, sink} = recorder()
    const out = new WriteBatcher(sink, 3)
    await out.add('')
    await out.add('123')
    await out.add('4')
    await out.flush()
    await out.flush()
    assert.deepEqual(writes, ['123', '4'])
  })

  it('reports a failed write at the next add or flush', async () => {
    const out = new WriteBatcher(async () => {
      throw new Error('EPIPE')
    })
    await out.add('a')
    await nextTurn()
    await nextTurn()
    await assert.rejects(out.add('b'), /EPIPE/)
    await assert.rejects(out.flush(), /EPIPE/)
  })
})
