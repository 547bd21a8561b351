import assert from 'node:assert/strict'
import {runTransfers, SkipFile, type TransferRecord, type TransferTask} from '../../../../src/lib/transfer/engine.js'

function task(name: string, work: (signal: AbortSignal) => Promise<void>, bytes = 10): TransferTask {
  return {records: [{action: 'upload', source: name}], bytes, run: work}
}

describe('transfer engine', function () {
  it('runs tasks with at most `concurrency` in flight, pulling them only as workers free up', async function () {
    let inFlight = 0
    let most = 0
    let finished = 0
    let aheadMost = 0
    async function* tasks() {
      for (let i = 0; i < 20; i++) {
        aheadMost = Math.max(aheadMost, i - finished)
        yield task(`t${i}`, async () => {
          inFlight++
          most = Math.max(most, inFlight)
          await new Promise((r) => setTimeout(r, 2))
          inFlight--
          finished++
        })
      }
    }
    const totals = await runTransfers(tasks(), {concurrency: 4, signal: new AbortController().signal})
    assert.equal(totals.done, 20)
    assert.equal(totals.bytes, 200)
    assert.equal(most, 4)
    assert.ok(aheadMost <= 4, `the listing ran ${aheadMost} tasks ahead`)
  })

  it('holds big tasks to their own limit while small ones fill the other workers', async function () {
    const inFlight = {big: 0, small: 0}
    const most = {big: 0, small: 0}
    async function* tasks() {
      for (let i = 0; i < 40; i++) {
        const kind = i % 2 === 0 ? 'big' : 'small'
        yield task(`${kind}${i}`, async () => {
          inFlight[kind]++
          most[kind] = Math.max(most[kind], inFlight[kind])
          await new Promise((r) => setTimeout(r, kind === 'big' ? 5 : 1))
          inFlight[kind]--
        }, kind === 'big' ? 1000 : 10)
      }
    }
    const totals = await runTransfers(tasks(), {concurrency: 8, big: {bytes: 1000, limit: 2}, signal: new AbortController().signal})
    assert.equal(totals.done, 40)
    assert.equal(most.big, 2)
    assert.ok(most.small > 2, `small tasks in flight at most ${most.small}`)
  })

  it('goes on past a failed task, and reports each failed record once with its error', async function () {
    const records: TransferRecord[] = []
    const batch: TransferTask = {records: [{action: 'delete', source: 'k1'}, {action: 'delete', source: 'k2'}], bytes: 0,
      run: async () => [{record: batch.records[1], error: 'AccessDenied: no'}]}
    async function* tasks() {
      yield task('ok-1', async () => {})
      yield task('bad', async () => {
        throw new Error('refused')
      })
      yield task('ok-2', async () => {})
      yield batch
    }
    const totals = await runTransfers(tasks(), {concurrency: 2, signal: new AbortController().signal, onRecord: (r) => {
      records.push(r)
    }})
    assert.equal(totals.done, 2, 'the files sent')
    assert.equal(totals.deleted, 1, 'deletes are counted apart')
    assert.equal(totals.failed, 2)
    assert.deepEqual(records.filter((r) => r.error).map((r) => [r.source, r.error]).sort(), [['bad', 'refused'], ['k2', 'AccessDenied: no']])
  })

  it('stops taking tasks once aborted', async function () {
    const controller = new AbortController()
    let started = 0
    async function* tasks() {
      for (let i = 0; i < 100; i++) {
        yield task(`t${i}`, async () => {
          started++
          if (started === 3) controller.abort()
        })
      }
    }
    await runTransfers(tasks(), {concurrency: 1, signal: controller.signal})
    assert.equal(started, 3)
  })

  it('fails the whole run when the listing itself fails', async function () {
    async function* tasks(): AsyncGenerator<TransferTask> {
      yield task('t', async () => {})
      throw Object.assign(new Error('NoSuchBucket'), {code: 'NoSuchBucket'})
    }
    await assert.rejects(runTransfers(tasks(), {concurrency: 2, signal: new AbortController().signal}), /NoSuchBucket/)
  })

  it('a listing that fails stops the pulling, lets the tasks in flight end, then throws (so a last deletion is never reached)', async function () {
    let ended = 0
    let deleted = false
    async function* tasks() {
      for (let i = 0; i < 3; i++) yield task(`t${i}`, async () => {
        await new Promise((r) => setTimeout(r, 20))
        ended++
      })
      throw new Error('listing failed')
      yield task('delete', async () => {
        deleted = true
      })
    }
    await assert.rejects(runTransfers(tasks(), {concurrency: 8, signal: new AbortController().signal}), /listing failed/)
    assert.equal(ended, 3, 'the files in flight ended before the error was thrown')
    assert.equal(deleted, false)
  })

  it('a task that throws SkipFile is reported as a skip with its reason, not a failure', async function () {
    const seen: TransferRecord[] = []
    async function* tasks() {
      yield task('link', async () => {
        throw new SkipFile('a symbolic link')
      })
    }
    const totals = await runTransfers(tasks(), {concurrency: 1, signal: new AbortController().signal, onRecord: (r) => {
      seen.push(r)
    }})
    assert.equal(totals.skipped, 1)
    assert.equal(totals.failed, 0)
    assert.deepEqual(seen, [{action: 'skip', source: 'link', reason: 'a symbolic link'}])
  })
})
