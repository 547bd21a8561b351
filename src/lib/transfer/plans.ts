/**
 * What each batch command does, as a stream of tasks for the engine: copy a tree (put, get
 * and S3-to-S3 copy of every selected file), sync it (only what differs; --delete removes what
 * the source lacks), move it (copy, verify, then delete the source), or delete a prefix.
 * The plans work on Sides (side.ts) and never ask which kind a side is: each side keeps its own
 * rules (where a key may land, what may be deleted, how a file comes in). Listings are read as
 * the tasks are taken, so memory does not grow with the number of files; a sync --delete holds
 * the names of the extras only.
 *
 * THE rule of "may this batch delete?": a sync deletes extras only after both listings ended
 * cleanly and the source was read completely (no folder or file that could not be read, no
 * name that cannot be a key); otherwise it deletes nothing and says so.
 */
import {IntegrityError} from '../errors.js'
import {compareMd5} from './checksums.js'
import {SkipFile, type TransferRecord, type TransferTask} from './engine.js'
import {compileFilters, type FilterRule} from './filters.js'
import {pairUp} from './order.js'
import {inShard, type Shard} from './shard.js'
import type {Side, SideEntry} from './side.js'

export interface BatchOptions {
  /** --include / --exclude, in the order given (the last rule that matches a path wins). */
  filters?: readonly FilterRule[]
  shard?: Shard
  followSymlinks: boolean
  dryRun: boolean
  /** Told about local files the walk passes over (links not followed, loops, devices). */
  onWalkSkip?: (path: string, why: string) => void
  /** Told what the batch chose not to do, and why (a source file outside its folder kept, deletions withheld). */
  onWarning?: (message: string) => void
}

export interface SyncOptions extends BatchOptions {
  /** Remove what the destination has and the source lacks. */
  deleteExtra: boolean
  /** Compare content MD5s (where an ETag is one) instead of modification times. */
  checksum: boolean
}

/** Every selected file of `from`, copied to `to` (put -r, get -r, cp -r). */
export async function* copyTasks(from: Side, to: Side, options: BatchOptions): AsyncGenerator<TransferTask> {
  const reading = new SourceReading()
  for await (const entry of listSelected(from, options, reading)) {
    yield* reading.drain()
    yield landingTask(from, to, entry, options, false) ?? fileTask(from, to, entry, options, entry.rel)
  }
  yield* reading.drain()
}

/** One file copied (cp): `rel` of `from` to `toRel` of `to` ('' keeps its name). */
export async function* singleCopyTask(from: Side, rel: string, to: Side, toRel: string, options: BatchOptions): AsyncGenerator<TransferTask> {
  const entry = await from.stat(rel)
  yield fileTask(from, to, entry, options, toRel === '' ? rel : toRel)
}

/** Copy, check the copy, then delete the source, file by file (mv -r). */
export async function* moveTasks(from: Side, to: Side, options: BatchOptions): AsyncGenerator<TransferTask> {
  const reading = new SourceReading()
  for await (const entry of listSelected(from, options, reading)) {
    yield* reading.drain()
    yield landingTask(from, to, entry, options, true) ?? moveTask(from, to, entry, entry.rel, options)
  }
  yield* reading.drain()
}

/** One file moved (mv): `rel` of `from` to `toRel` of `to` ('' keeps its name). */
export async function* singleMoveTask(from: Side, rel: string, to: Side, toRel: string, options: BatchOptions): AsyncGenerator<TransferTask> {
  const entry = await from.stat(rel)
  yield moveTask(from, to, entry, toRel === '' ? rel : toRel, options)
}

function moveTask(from: Side, to: Side, entry: SideEntry, toRel: string, options: BatchOptions): TransferTask {
  const task = fileTask(from, to, entry, options, toRel)
  if (options.dryRun || task.records[0].action === 'skip') return task
  return {
    ...task,
    run: async (signal) => {
      await task.run(signal)
      await verifyCopy(to, toRel, entry.size)
      await deleteSource(from, entry, options)
    },
  }
}

/** Only what differs (size, then modification time or --checksum); --delete removes extras. */
export async function* syncTasks(from: Side, to: Side, options: SyncOptions): AsyncGenerator<TransferTask> {
  const reading = new SourceReading()
  const sources = listSelected(from, options, reading)
  const destinations = listSelected(to, options)
  // Only the entries of the extras are kept: they are deleted once the source was read to its end.
  const extras: SideEntry[] = []
  try {
    for await (const pair of pairUp(sources, destinations)) {
      yield* reading.drain()
      const landed = pair.source && landingTask(from, to, pair.source, options, false)
      if (landed) yield landed
      else if (pair.source && (!pair.destination || await differs(pair.source, pair.destination, options.checksum))) {
        yield fileTask(from, to, pair.source, options, pair.rel)
      } else if (!pair.source && pair.destination && options.deleteExtra) {
        extras.push(pair.destination)
      }
    }
  } catch (error) {
    // Either listing may have failed: a source read in part, or a destination whose extras are unknown.
    if (options.deleteExtra) options.onWarning?.(`not deleting: the listings could not be read completely: ${(error as Error).message}`)
    throw error
  }
  yield* reading.drain()
  if (!options.deleteExtra) return
  if (reading.problem !== undefined) {
    yield failed({action: 'delete', source: to.describe('')}, `not deleting: the source could not be read completely: ${reading.problem}`)
    return
  }
  const mistyped = extras.length > 0 && reading.listed === 0 ? from.emptySourceError() : undefined
  if (mistyped) throw mistyped
  for (let i = 0; i < extras.length; i += to.deleteBatch) yield deleteTask(to, extras.slice(i, i + to.deleteBatch), options)
}

/** Every selected file of a side, deleted `deleteBatch` at a time (rm -r). */
export async function* deleteTasks(at: Side, options: BatchOptions): AsyncGenerator<TransferTask> {
  let batch: SideEntry[] = []
  for await (const entry of listSelected(at, options)) {
    batch.push(entry)
    if (batch.length === at.deleteBatch) {
      yield deleteTask(at, batch, options)
      batch = []
    }
  }
  if (batch.length > 0) yield deleteTask(at, batch, options)
}

/**
 * How completely the source was read: what its walk could not read (each reported as a failed
 * or skipped task, in the order met) and how many entries it listed before the filters.
 */
class SourceReading {
  /** The first thing the walk could not read: while set, nothing may be deleted. */
  problem?: string
  listed = 0
  private readonly pending: TransferTask[] = []

  readonly onProblem = (file: string, why: string, kind: 'unreadable' | 'name') => {
    this.problem ??= `${file}: ${why}`
    this.pending.push(kind === 'name' ? skipped({action: 'skip', source: file, reason: why}) : failed({action: 'upload', source: file}, why))
  }

  *drain(): Generator<TransferTask> {
    yield* this.pending.splice(0)
  }
}

/**
 * The task for a source entry that does not land as a plain file (the destination says, in
 * listing order): a folder marker (the folder made, quietly), a name that is nothing there,
 * or a skip; undefined for a plain file.
 */
function landingTask(from: Side, to: Side, entry: SideEntry, options: BatchOptions, move: boolean): TransferTask | undefined {
  const landing = to.land(entry)
  if (landing.kind === 'file') return undefined
  if (landing.kind === 'nothing') return quiet()
  const source = entry.name
  if (landing.kind === 'skip') return skipped({action: 'skip', source, reason: landing.why})
  const folder = entry.rel.slice(0, -1) // a marker "a/b/" names the folder "a/b"
  const bad = to.whyNotAName(folder)
  if (bad) return skipped({action: 'skip', source, reason: `${entry.origin}: ${bad}`})
  return quiet(options.dryRun ? undefined : async () => {
    const why = await to.makeFolder(folder)
    if (why) return options.onWarning?.(`skipped ${source}: ${why}`)
    if (move) await from.delete(entry)
  })
}

/** A task with no record: nothing to print (a folder marker). */
function quiet(run: TransferTask['run'] = async () => {}): TransferTask {
  return {records: [], bytes: 0, run}
}

function failed(record: TransferRecord, why: string): TransferTask {
  return {records: [record], bytes: 0, run: async () => {
    throw new Error(why)
  }}
}

/**
 * The files of a side that the filters and the shard select, in S3's listing order. A source
 * (`reading` given) is listed as a source (it must exist; what it cannot read is told to
 * `reading`); anything else as a destination.
 */
async function* listSelected(at: Side, options: BatchOptions, reading?: SourceReading): AsyncGenerator<SideEntry> {
  const selected = compileFilters(options.filters ?? [])
  const all = at.list(reading
    ? {role: 'source', followSymlinks: options.followSymlinks, onSkip: options.onWalkSkip, onProblem: reading.onProblem}
    : {role: 'destination'})
  for await (const entry of all) {
    if (reading) reading.listed++
    if (selected(entry.rel) && inShard(entry.rel, options.shard)) yield entry
  }
}

/** The task that brings one file from `from` to `to`, as `toRel` there. */
function fileTask(from: Side, to: Side, entry: SideEntry, options: BatchOptions, toRel: string): TransferTask {
  const record = (action: TransferRecord['action'], reason?: string): TransferRecord =>
    ({action, source: entry.name, destination: to.describe(toRel), size: entry.size, ...(reason ? {reason} : {})})
  const bad = to.whyNotAName(toRel)
  if (bad) return skipped(record('skip', `${entry.origin}: ${bad}`))
  const source = from.read(entry)
  return planned(options, record(to.writeAction(from)), entry.size, (signal) => to.write(toRel, source, signal))
}

/** A file's task; a dry run's counts its bytes too, so the plan's total says what the run would move. */
function planned(options: BatchOptions, record: TransferRecord, bytes: number, run: TransferTask['run']): TransferTask {
  return {records: [record], bytes, run: options.dryRun ? async () => {} : run}
}

function skipped(record: TransferRecord): TransferTask {
  return {records: [record], bytes: 0, run: async () => {}}
}

/** Does the destination's copy differ from the source? Sizes first; then MD5s or times. */
async function differs(source: SideEntry, destination: SideEntry, checksum: boolean): Promise<boolean> {
  if (source.size !== destination.size) return true
  if (checksum) {
    const compared = await compareMd5(source, destination)
    if (compared) return !compared.equal
  }
  // S3 keeps LastModified to the second: compare whole seconds, so an upload made in the same
  // second as the file's last change does not look older than the file.
  return Math.floor(source.mtimeMs / 1000) > Math.floor(destination.mtimeMs / 1000)
}

/** After a move's copy: the destination holds as many bytes as the source had. */
async function verifyCopy(to: Side, rel: string, expected: number): Promise<void> {
  const {size} = await to.stat(rel)
  if (size !== expected) throw new IntegrityError(`the copy holds ${size} bytes, the source ${expected}: the source was kept`, 'BadDigest')
}

/** A move's source, deleted once its copy is checked; one the side keeps (SkipFile) is a warning, the copy stands. */
async function deleteSource(from: Side, entry: SideEntry, options: BatchOptions): Promise<void> {
  try {
    await from.delete(entry)
  } catch (error) {
    if (!(error instanceof SkipFile)) throw error
    options.onWarning?.(`kept ${entry.name}: copied, but ${error.message}`)
  }
}

/** One task deleting several entries of a side (a DeleteObjects request, or local files one at a time). */
function deleteTask(at: Side, entries: SideEntry[], options: BatchOptions): TransferTask {
  const records = entries.map((e): TransferRecord => ({action: 'delete', source: e.name, size: e.size}))
  if (options.dryRun) return {records, bytes: 0, run: async () => {}}
  return {records, bytes: 0, run: async (signal) => {
    const failures = await at.deleteMany(entries, signal)
    return failures.map(({index, error}) => ({record: records[index], error}))
  }}
}
