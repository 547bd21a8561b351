import assert from 'node:assert/strict'
import {StorageEvents, type StoredEvent} from '../../../src/lib/events.js'

const stored: StoredEvent = {bucket: 'b', key: 'k', size: 1, op: 'write'}

describe('storage events (the observer as the library calls it)', () => {
  it('hands each event to the observer and waits for an async listener', async () => {
    const heard: unknown[] = []
    const events = new StorageEvents({
      async stored(event) {
        await new Promise((resolve) => setTimeout(resolve, 5))
        heard.push(['stored', event])
      },
      deleted: (event) => void heard.push(['deleted', event]),
    })
    await events.stored(stored)
    await events.deleted({bucket: 'b', key: 'k', op: 'delete'})
    await events.retried({op: 'write', method: 'PUT', attempt: 1, code: 'SlowDown', delaySeconds: 0.1})
    assert.deepEqual(heard, [['stored', stored], ['deleted', {bucket: 'b', key: 'k', op: 'delete'}]])
  })

  it('says which events are heard, so callers skip building the others', () => {
    const events = new StorageEvents({deleted: () => {}})
    assert.equal(events.hears('deleted'), true)
    assert.equal(events.hears('stored'), false)
    assert.equal(new StorageEvents().hears('retried'), false)
  })

  it('never fails the operation when a listener throws: the failure is logged', async () => {
    const lines: string[] = []
    const events = new StorageEvents({stored: () => { throw new Error('listener broke') }}, (line) => lines.push(line))
    await events.stored(stored)
    assert.deepEqual(lines, ['the stored observer failed: listener broke'])
  })
})
