/** The plans over in-memory sides: what is planned, in which order, and when a batch may delete. */
import assert from 'node:assert/strict'
import {runTransfers, type TransferRecord, type TransferTask} from '../../../../src/lib/transfer/engine.js'
import {type BatchOptions, copyTasks, deleteTasks, moveTasks, singleMoveTask, syncTasks, type SyncOptions} from '../../../../src/lib/transfer/plans.js'
import {MemorySide} from './memory-side.js'

const batch = (more: Partial<BatchOptions> = {}): BatchOptions => ({followSymlinks: false, dryRun: false, ...more})
const sync = (more: Partial<SyncOptions> = {}): SyncOptions => ({...batch(), deleteExtra: true, checksum: false, ...more})

/** Runs the tasks one at a time (the order of the work is the plan's order); the records, as reported. */
async function run(tasks: AsyncIterable<TransferTask>): Promise<TransferRecord[]> {
  const records: TransferRecord[] = []
  await runTransfers(tasks, {concurrency: 1, signal: new AbortController().signal, onRecord: (record) => {
    records.push(record)
  }})
  return records
}

describe('transfer plans over sides (plans.ts)', function () {
  it('a copy brings every selected file across in listing order, the action named by the destination', async function () {
    const from = new MemorySide('a', {'b/x': 1, a: 2, 'b/y.tmp': 3})
    const to = new MemorySide('b')
    const records = await run(copyTasks(from, to, batch({filters: [{kind: 'exclude', pattern: '*.tmp'}]})))
    assert.deepEqual(records.map((r) => [r.action, r.source, r.destination]), [['copy', 'a:a', 'b:a'], ['copy', 'a:b/x', 'b:b/x']])
    assert.deepEqual(to.log, ['write a', 'write b/x'])
  })

  it('a dry run plans the same records and touches nothing', async function () {
    const from = new MemorySide('a', {x: 1})
    const to = new MemorySide('b', {}, {landings: {}})
    const records = await run(copyTasks(from, to, batch({dryRun: true})))
    assert.deepEqual(records.map((r) => r.action), ['copy'])
    assert.deepEqual(to.log, [])
  })

  it('a dry run\'s totals add up: the bytes of what it would send, deletes counted apart', async function () {
    const from = new MemorySide('a', {new: 8})
    const to = new MemorySide('b', {extra: 5})
    const totals = await runTransfers(syncTasks(from, to, sync({dryRun: true})), {concurrency: 1, signal: new AbortController().signal})
    assert.deepEqual([totals.done, totals.bytes, totals.deleted], [1, 8, 1])
    assert.deepEqual(to.log, [])
  })

  it('the destination decides what a name becomes: a folder (made, no record), nothing, a skip; a bad name is a skip', async function () {
    const from = new MemorySide('a', {'': 0, 'd/': 0, 'bad': 1, 'f': 1, 'f/g': 1})
    const to = new MemorySide('b', {}, {
      landings: {'': {kind: 'nothing'}, 'd/': {kind: 'folder'}, 'f/g': {kind: 'skip', why: 'f is a file'}},
      badNames: {bad: 'a ".." segment'},
    })
    const records = await run(copyTasks(from, to, batch()))
    assert.deepEqual(records.map((r) => [r.action, r.source, r.reason]), [
      ['skip', 'a:bad', 'name bad: a ".." segment'], ['copy', 'a:f', undefined], ['skip', 'a:f/g', 'f is a file'],
    ])
    assert.deepEqual(to.log, ['folder d', 'write f'])
  })

  it('a sync copies what differs, then deletes the extras in the destination\'s batches, after the listings', async function () {
    const from = new MemorySide('a', {same: {size: 1, mtimeMs: 5000}, newer: {size: 1, mtimeMs: 9000}, bigger: 2, fresh: 1})
    const to = new MemorySide('b', {same: {size: 1, mtimeMs: 5000}, newer: {size: 1, mtimeMs: 5000}, bigger: 1, x1: 1, x2: 1, x3: 1}, {deleteBatch: 2})
    await run(syncTasks(from, to, sync()))
    assert.deepEqual(to.log, ['write bigger', 'write fresh', 'write newer', 'deleteMany x1,x2', 'deleteMany x3'])
  })

  it('a sync asks the destination what each source name becomes, as a copy does', async function () {
    const from = new MemorySide('a', {'d/': 0, 'f': 1, 'f/g': 1})
    const to = new MemorySide('b', {}, {landings: {'d/': {kind: 'folder'}, 'f/g': {kind: 'skip', why: 'f is a file'}}})
    const records = await run(syncTasks(from, to, sync()))
    assert.deepEqual(to.log, ['folder d', 'write f'])
    assert.deepEqual(records.map((r) => r.action), ['copy', 'skip'])
  })

  it('--checksum compares MD5s where both sides have one, else falls back on times', async function () {
    const from = new MemorySide('a', {m: {size: 1, mtimeMs: 1000, md5: 'aa'}, t: {size: 1, mtimeMs: 9000}})
    const to = new MemorySide('b', {m: {size: 1, mtimeMs: 9000, md5: 'bb'}, t: {size: 1, mtimeMs: 1000, md5: 'cc'}})
    await run(syncTasks(from, to, sync({checksum: true})))
    assert.deepEqual(to.log, ['write m', 'write t'])
  })

  it('a source that could not be read completely deletes nothing, and says so', async function () {
    const from = new MemorySide('a', {x: 1}, {problems: ['locked/']})
    const to = new MemorySide('b', {extra: 1})
    const records = await run(syncTasks(from, to, sync()))
    assert.deepEqual(to.log, ['write x'])
    assert.ok(records.some((r) => r.action === 'delete' && /not deleting: the source could not be read completely: a:locked\//.test(r.error ?? '')), JSON.stringify(records))
  })

  it('a listing that throws deletes nothing: a warning, then the listing\'s error', async function () {
    const warnings: string[] = []
    const from = new MemorySide('a', {x: 1, y: 1}, {listingFails: {after: 1, error: new Error('listing broke')}})
    const to = new MemorySide('b', {a: 1, z: 1})
    await assert.rejects(run(syncTasks(from, to, sync({onWarning: (m) => warnings.push(m)}))), /listing broke/)
    assert.ok(!to.log.some((l) => l.startsWith('delete')), to.log.join('\n'))
    assert.match(warnings.join('\n'), /not deleting: the listings could not be read completely: listing broke/)
  })

  it('a source that lists nothing deletes nothing when its side calls that suspicious', async function () {
    const to = new MemorySide('b', {a: 1})
    await assert.rejects(run(syncTasks(new MemorySide('a', {}, {emptySourceError: new Error('mistyped?')}), to, sync())), /mistyped\?/)
    assert.deepEqual(to.log, [])
    await run(syncTasks(new MemorySide('a2'), to, sync()))
    assert.deepEqual(to.log, ['deleteMany a'], 'an empty source that is really empty empties the destination')
  })

  it('a move deletes each source only after its copy holds all its bytes', async function () {
    const from = new MemorySide('a', {ok: 3, broken: 3})
    const to = new MemorySide('b', {}, {short: {broken: 1}})
    const records = await run(moveTasks(from, to, batch()))
    assert.deepEqual([...from.files.keys()], ['broken'], 'the source of a short copy is kept')
    assert.match(records.find((r) => r.source === 'a:broken')?.error ?? '', /the copy holds 2 bytes, the source 3: the source was kept/)
  })

  it('a source the side keeps (its rules) is a warning: the move still counts', async function () {
    const warnings: string[] = []
    const from = new MemorySide('a', {x: 1}, {keep: {x: 'outside the folder'}})
    const records = await run(singleMoveTask(from, 'x', new MemorySide('b'), 'y', batch({onWarning: (m) => warnings.push(m)})))
    assert.deepEqual(records.map((r) => [r.action, r.destination, r.error]), [['copy', 'b:y', undefined]])
    assert.deepEqual(warnings, ['kept a:x: copied, but outside the folder'])
  })

  it('a delete goes deleteBatch entries a task, selected by the filters', async function () {
    const at = new MemorySide('a', {k1: 1, k2: 1, k3: 1, keep: 1}, {deleteBatch: 2})
    const records = await run(deleteTasks(at, batch({filters: [{kind: 'exclude', pattern: 'keep'}]})))
    assert.equal(records.length, 3)
    assert.deepEqual(at.log, ['deleteMany k1,k2', 'deleteMany k3'])
  })
})
