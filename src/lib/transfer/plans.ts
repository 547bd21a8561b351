/**
 * What each batch command does, as a stream of tasks for the engine: copy a tree (put, get
 * and S3-to-S3 copy of every selected file), sync it (only what differs; --delete removes what
 * the source lacks), move it (copy, verify, then delete the source), or delete a prefix
 * (DeleteObjects, 1,000 keys a request). Listings are read as the tasks are taken, so memory
 * does not grow with the number of files; a sync --delete holds the names of the extras only.
 *
 * THE rule of "may this batch delete?": a sync deletes extras only after both listings ended
 * cleanly and the source was read completely (no folder or file that could not be read, no
 * name that cannot be a key); otherwise it deletes nothing and says so.
 */
import {mkdir, rm, stat, utimes} from 'node:fs/promises'
import path from 'node:path'
import {DELETE_BATCH} from '../constants.js'
import {IntegrityError, LocalFileError, StorageError} from '../errors.js'
import {etagMd5} from '../client/response.js'
import type {TransferTuning} from '../ops/objects.js'
import type {Storage} from '../storage.js'
import {type Headers, S3Name, ValueError} from '../types.js'
import {md5OfFile} from './checksums.js'
import {SkipFile, type TransferRecord, type TransferTask} from './engine.js'
import {FileFolderClashes} from './key-clashes.js'
import {LocalFolder, localTarget} from './local-target.js'
import {type LocalFile, walkLocal, type WalkOptions} from './local-walk.js'
import {pairUp} from './order.js'
import {listRemote, type RemoteObject} from './remote-listing.js'
import {inShard, type Shard} from './shard.js'
import {checkSourceFolder} from './sides.js'

/** One side of a batch: a local folder, or a prefix in a bucket ('' for the whole bucket). */
export type Location = {kind: 'local'; dir: string} | {kind: 's3'; bucket: string; prefix: string}

export interface BatchOptions {
  /** Is this relative path part of the batch (--include / --exclude)? */
  selected: (rel: string) => boolean
  shard?: Shard
  followSymlinks: boolean
  dryRun: boolean
  /** Part size and parts in flight of each large file. */
  tuning?: Omit<TransferTuning, 'signal'>
  /** Headers of every upload or copy (metadata, Content-Type...); Content-Type is guessed per file when absent. */
  headers?: Headers
  /** Headers of every download (an SSE-C key, x-amz-request-payer). */
  readHeaders?: Headers
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

type Entry = (LocalFile & {key?: undefined}) | (RemoteObject & {path?: undefined})

/** What a deletion needs of an entry: a sync holds these for its extras until the end. */
interface Extra {
  rel: string
  key?: string
  path?: string
  size: number
}

/** Every selected file of `from`, copied to `to` (put -r, get -r, cp -r). */
export async function* copyTasks(storage: Storage, from: Location, to: Location, options: BatchOptions): AsyncGenerator<TransferTask> {
  const reading = new SourceReading()
  const shapes = new LocalShapes(from, to)
  for await (const entry of listSelected(storage, from, options, reading)) {
    yield* reading.drain()
    yield shapes.task(storage, entry, options, false) ?? fileTask(storage, from, to, entry, options, entry.rel)
  }
  yield* reading.drain()
}

/** Copy, check the copy, then delete the source, file by file (mv -r). */
export async function* moveTasks(storage: Storage, from: Location, to: Location, options: BatchOptions): AsyncGenerator<TransferTask> {
  const reading = new SourceReading()
  const shapes = new LocalShapes(from, to)
  for await (const entry of listSelected(storage, from, options, reading)) {
    yield* reading.drain()
    yield shapes.task(storage, entry, options, true) ?? moveTask(storage, from, to, entry, entry.rel, options)
  }
  yield* reading.drain()
}

/** A file in a location: `rel` is its name there ('' for a destination: the source's name). */
export type FileLocation = Location & {rel: string}

/** One file moved (mv): to a folder or prefix (rel '') it keeps its name. */
export async function* singleMoveTask(storage: Storage, from: FileLocation, to: FileLocation, options: BatchOptions): AsyncGenerator<TransferTask> {
  if (from.kind === 'local' && to.kind === 'local') throw new ValueError('one side must be S3 (s3://BUCKET/KEY): for a local move, use mv')
  const entry: Entry = from.kind === 'local'
    ? await stat(path.join(from.dir, from.rel)).then((info) => ({rel: from.rel, path: path.join(from.dir, from.rel), size: info.size, mtimeMs: info.mtimeMs}))
    : await storage.head(new S3Name(from.prefix + from.rel, from.bucket)).then((info) => ({
      rel: from.rel, key: from.prefix + from.rel, size: info.size, mtimeMs: Date.parse(info.lastModified), eTag: info.eTag,
    }))
  yield moveTask(storage, from, to, entry, to.rel === '' ? from.rel : to.rel, options)
}

function moveTask(storage: Storage, from: Location, to: Location, entry: Entry, toRel: string, options: BatchOptions): TransferTask {
  const task = fileTask(storage, from, to, entry, options, toRel)
  if (options.dryRun || task.records[0].action === 'skip') return task
  return {
    ...task,
    run: async (signal) => {
      await task.run(signal)
      await verifyCopy(storage, to, toRel, entry.size)
      await deleteSource(storage, from, entry, options)
    },
  }
}

/** Only what differs (size, then modification time or --checksum); --delete removes extras. */
export async function* syncTasks(storage: Storage, from: Location, to: Location, options: SyncOptions): AsyncGenerator<TransferTask> {
  const reading = new SourceReading()
  const shapes = new LocalShapes(from, to)
  const sources = listSelected(storage, from, options, reading)
  const destinations = listSelected(storage, to, options)
  // Only the names of the extras are kept: they are deleted once the source was read to its end.
  const extras: Extra[] = []
  try {
    for await (const pair of pairUp(sources, destinations)) {
      yield* reading.drain()
      const shaped = pair.source && shapes.task(storage, pair.source, options, false)
      if (shaped) yield shaped
      else if (pair.source && (!pair.destination || await differs(pair.source, pair.destination, options.checksum))) {
        yield fileTask(storage, from, to, pair.source, options, pair.rel)
      } else if (!pair.source && pair.destination && options.deleteExtra) {
        const {rel, key, path, size} = pair.destination
        extras.push({rel, key, path, size})
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
    yield failed({action: 'delete', source: describe(to, '')}, `not deleting: the source could not be read completely: ${reading.problem}`)
    return
  }
  if (extras.length > 0 && from.kind === 's3' && from.prefix !== '' && reading.listed === 0) {
    throw new StorageError('sync', {code: 'NoSuchKey', status: 404, message: `not deleting: the source s3://${from.bucket}/${from.prefix} lists no objects (a mistyped or empty prefix?); to empty the destination, delete it`})
  }
  for (let i = 0; i < extras.length; i += to.kind === 'local' ? 1 : DELETE_BATCH) {
    yield deleteTask(storage, to, extras.slice(i, i + (to.kind === 'local' ? 1 : DELETE_BATCH)), options)
  }
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
 * What keys become in a local folder (S3 to local only): folder markers become folders,
 * and keys that cannot be files there are skipped with a warning, decided in listing order
 * (see key-clashes.ts).
 */
class LocalShapes {
  private readonly clashes?: FileFolderClashes

  constructor(private readonly from: Location, private readonly to: Location) {
    if (from.kind === 's3' && to.kind === 'local') this.clashes = new FileFolderClashes()
  }

  /** The task for an entry that is not a plain file download, or undefined for a plain one. */
  task(storage: Storage, entry: Entry, options: BatchOptions, move: boolean): TransferTask | undefined {
    const {from, to} = this
    if (!this.clashes || from.kind !== 's3' || to.kind !== 'local') return undefined
    if (entry.rel === '' && entry.size === 0) return quiet() // the marker of the prefix itself
    const shape = this.clashes.shape(entry.rel, entry.size)
    if (shape.kind === 'file') return undefined
    const source = describe(from, entry.rel)
    if (shape.kind === 'skip') return skipped({action: 'skip', source, reason: shape.why})
    const target = localTarget(to.dir, entry.rel.slice(0, -1))
    if ('skip' in target) return skipped({action: 'skip', source, reason: `key ${entry.key}: ${target.skip}`})
    // A folder marker: the folder, made if missing, quietly (no line for a folder).
    return quiet(options.dryRun ? undefined : async () => {
      const why = await localFolder(to).whyNotWritable(target.path)
      if (why) return options.onWarning?.(`skipped ${source}: ${why}`)
      await mkdir(target.path, {recursive: true})
      if (move) await storage.delete(new S3Name(entry.key!, from.bucket))
    })
  }
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

/** The containment checker of each local folder of a batch (one per Location, so real paths are cached per batch). */
const localFolders = new WeakMap<Location, LocalFolder>()

function localFolder(at: Location & {kind: 'local'}): LocalFolder {
  let folder = localFolders.get(at)
  if (!folder) localFolders.set(at, folder = new LocalFolder(at.dir))
  return folder
}

/** Every selected key under an S3 prefix, deleted DELETE_BATCH at a time (rm -r). */
export async function* deleteTasks(storage: Storage, at: Location, options: BatchOptions): AsyncGenerator<TransferTask> {
  if (at.kind !== 's3') throw new ValueError('a recursive delete takes an S3 prefix: s3://BUCKET/PREFIX')
  let batch: Entry[] = []
  for await (const entry of listSelected(storage, at, options)) {
    batch.push(entry)
    if (batch.length === DELETE_BATCH) {
      yield deleteTask(storage, at, batch, options)
      batch = []
    }
  }
  if (batch.length > 0) yield deleteTask(storage, at, batch, options)
}

/** The files of a location that the filters and the shard select, in S3's listing order. */
/**
 * The files of a location that the filters and the shard select, in S3's listing order. A
 * source (`reading` given) must exist and is walked as asked, what it cannot read told to
 * `reading`; a destination folder that does not exist yet holds nothing, and its walk never
 * follows links (what a link reaches is not in the folder).
 */
async function* listSelected(storage: Storage, at: Location, options: BatchOptions, reading?: SourceReading): AsyncGenerator<Entry> {
  const all: AsyncIterable<Entry> = at.kind === 'local'
    ? reading
      ? walkSource(at.dir, {followSymlinks: options.followSymlinks, onSkip: options.onWalkSkip, onProblem: reading.onProblem})
      : walkLocalIfThere(at.dir, {followSymlinks: false})
    : listRemote(storage, at.bucket, at.prefix)
  for await (const entry of all) {
    if (reading) reading.listed++
    if (options.selected(entry.rel) && inShard(entry.rel, options.shard)) yield entry
  }
}

async function* walkSource(dir: string, options: WalkOptions): AsyncGenerator<LocalFile> {
  await checkSourceFolder(dir)
  yield* walkLocal(dir, options)
}

/** A destination folder that does not exist yet holds nothing. */
async function* walkLocalIfThere(dir: string, options: WalkOptions): AsyncGenerator<LocalFile> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (!info) return
  if (!info.isDirectory()) throw new LocalFileError(`${dir} is a file, not a folder`, 'ENOTDIR', dir)
  yield* walkLocal(dir, options)
}

/** `s3://bucket/key` or the local path of a relative path in a location. */
export function describe(at: Location, rel: string): string {
  return at.kind === 'local' ? path.join(at.dir, ...rel.split('/')) : `s3://${at.bucket}/${at.prefix}${rel}`
}

/** The task that brings one file from `from` to `to`, as `toRel` there. */
function fileTask(storage: Storage, from: Location, to: Location, entry: Entry, options: BatchOptions, toRel: string): TransferTask {
  const source = entry.path ?? describe(from, entry.rel)
  const record = (action: TransferRecord['action'], destination: string, reason?: string): TransferRecord =>
    ({action, source, destination, size: entry.size, ...(reason ? {reason} : {})})
  const tuning = options.tuning ?? {}
  if (from.kind === 'local' && to.kind === 's3') {
    const key = to.prefix + toRel
    return planned(options, record('upload', `s3://${to.bucket}/${key}`), entry.size, async (signal) => {
      await storage.write(entry.path!, new S3Name(key, to.bucket), {...options.headers}, {...tuning, signal})
    })
  }
  if (from.kind === 's3' && to.kind === 'local') {
    const target = localTarget(to.dir, toRel)
    if ('skip' in target) return skipped(record('skip', describe(to, toRel), `key ${entry.key}: ${target.skip}`))
    return planned(options, record('download', describe(to, toRel)), entry.size, async (signal) => {
      const why = await localFolder(to).whyNotWritable(target.path)
      if (why) throw new SkipFile(why)
      await download(storage, new S3Name(entry.key!, from.bucket), to.dir, target.path, signal, options.readHeaders)
    })
  }
  if (from.kind === 's3' && to.kind === 's3') {
    const key = to.prefix + toRel
    return planned(options, record('copy', `s3://${to.bucket}/${key}`), entry.size, async (signal) => {
      await storage.copy(new S3Name(entry.key!, from.bucket), new S3Name(key, to.bucket), {...options.headers}, {...tuning, signal})
    })
  }
  throw new ValueError('one side of a batch must be S3: for a local copy, use cp or rsync')
}

function planned(options: BatchOptions, record: TransferRecord, bytes: number, run: TransferTask['run']): TransferTask {
  return {records: [record], bytes: options.dryRun ? 0 : bytes, run: options.dryRun ? async () => {} : run}
}

function skipped(record: TransferRecord): TransferTask {
  return {records: [record], bytes: 0, run: async () => {}}
}

/**
 * Downloads one object of a batch: into its folder (made as needed) through the temp file and
 * rename of Storage.read, then gives the file the object's modification time, so a later sync
 * sees it as current. A key that is both a file and a folder prefix ("a" and "a/b") cannot be
 * both here: the second one met fails with a clear message.
 */
async function download(storage: Storage, name: S3Name, root: string, file: string, signal: AbortSignal, headers?: Headers): Promise<void> {
  try {
    await mkdir(path.dirname(file), {recursive: true})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new LocalFileError(`${path.relative(root, file)}: a file stands where a folder is needed (the key is both a file and a folder prefix)`, 'ENOTDIR', file)
    }
    throw error
  }
  const result = await storage.readObject(name, file, {signal, headers})
  const modified = Date.parse(result.lastModified)
  if (!Number.isNaN(modified)) await utimes(file, new Date(), new Date(modified))
}

/** Does the destination's copy differ from the source? Sizes first; then MD5s or times. */
async function differs(source: Entry, destination: Entry, checksum: boolean): Promise<boolean> {
  if (source.size !== destination.size) return true
  if (checksum) {
    const [a, b] = await Promise.all([contentMd5(source), contentMd5(destination)])
    if (a !== undefined && b !== undefined) return a !== b
  }
  // S3 keeps LastModified to the second: compare whole seconds, so an upload made in the same
  // second as the file's last change does not look older than the file.
  return Math.floor(source.mtimeMs / 1000) > Math.floor(destination.mtimeMs / 1000)
}

/** The content MD5 of an entry: a local file's, or an object's ETag when that is one. */
function contentMd5(entry: Entry): Promise<string | undefined> {
  return entry.path !== undefined ? md5OfFile(entry.path) : Promise.resolve(etagMd5(entry.eTag))
}

/** After a move's copy: the destination holds as many bytes as the source had. */
async function verifyCopy(storage: Storage, to: Location, rel: string, expected: number): Promise<void> {
  const size = to.kind === 'local'
    ? (await stat(localPathOf(to, rel))).size
    : (await storage.head(new S3Name(to.prefix + rel, to.bucket))).size
  if (size !== expected) throw new IntegrityError(`the copy holds ${size} bytes, the source ${expected}: the source was kept`, 'BadDigest')
}

function localPathOf(at: Location & {kind: 'local'}, rel: string): string {
  const target = localTarget(at.dir, rel)
  if ('skip' in target) throw new ValueError(target.skip)
  return target.path
}

async function deleteSource(storage: Storage, from: Location, entry: Entry, options: BatchOptions): Promise<void> {
  if (from.kind === 's3') return storage.delete(new S3Name(entry.key!, from.bucket))
  const why = await localFolder(from).whyNotDeletable(entry.path!)
  if (why) return options.onWarning?.(`kept ${entry.path}: copied, but ${why}`)
  await rm(entry.path!)
}

/** One task deleting several entries of a location: a DeleteObjects request, or local files. */
function deleteTask(storage: Storage, at: Location, entries: Extra[], options: BatchOptions): TransferTask {
  const records = entries.map((e): TransferRecord => ({action: 'delete', source: e.path ?? describe(at, e.rel), size: e.size}))
  if (options.dryRun) return {records, bytes: 0, run: async () => {}}
  if (at.kind === 'local') {
    return {records, bytes: 0, run: async () => {
      for (const entry of entries) {
        const why = await localFolder(at).whyNotDeletable(entry.path!)
        if (why) throw new SkipFile(why)
        await rm(entry.path!)
      }
    }}
  }
  return {records, bytes: 0, run: async (signal) => {
    const result = await storage.deleteObjects(at.bucket, entries.map((e) => ({key: e.key!})), signal)
    const byKey = new Map(entries.map((e, i) => [e.key!, records[i]]))
    return result.errors.flatMap((e) => {
      const record = byKey.get(e.key)
      return record ? [{record, error: `${e.code}: ${e.message}`}] : []
    })
  }}
}
