/**
 * sync --watch (as `mc mirror --watch`): a local folder's changes, sent as they happen. Node's
 * recursive fs.watch (Linux included since Node 20; folders made or moved in later are watched
 * too) says which paths changed; a path is sent once it has been quiet for `delay` ms, so a file
 * still being written goes up once, when done. Each file goes through the sides' single-file path
 * (`to.write`: multipart, the connection's retry policy), exactly as a sync sends it. A send that
 * still fails (the network gone for longer than the retries last) is kept and tried again later,
 * the pause doubling up to `maxRetryDelay`: a change is never dropped. A path that is gone deletes
 * its key (and the keys under it as a folder) only with `deleteExtra`, and only under the
 * destination prefix; --include/--exclude apply to both.
 */
import {watch, type FSWatcher} from 'node:fs'
import {lstat, stat} from 'node:fs/promises'
import path from 'node:path'
import {classify} from '../errors.js'
import type {TransferRecord} from './engine.js'
import {compileFilters, type FilterRule} from './filters.js'
import type {Storage} from '../storage.js'
import {LocalSide} from './local-side.js'
import {walkLocal} from './local-walk.js'
import {S3Side, type S3SideOptions} from './s3-side.js'
import type {Side, SideEntry} from './side.js'

export interface WatchOptions {
  filters?: readonly FilterRule[]
  followSymlinks: boolean
  /** Delete the key of a file that is gone (and the keys under a folder that is gone). */
  deleteExtra: boolean
  /** How long a path must be quiet before it is sent, in ms. */
  delay: number
  /** Files sent at once. */
  concurrency: number
  signal: AbortSignal
  /** Told each file sent or key deleted. */
  onRecord(record: TransferRecord): void | Promise<void>
  /** Told what is left alone or kept for later, and why. */
  onWarning(message: string): void
  /** The first pause before a failed send is tried again, in ms (default 2 s); it doubles each time... */
  retryDelay?: number
  /** ...up to this (default 60 s). */
  maxRetryDelay?: number
}

/** A folder being watched: changes are noted from `start`, sent once `send` runs. */
export interface FolderWatch {
  /** Sends the changes noted and those to come, until the signal aborts; then the number of changes left unsent. */
  send(): Promise<number>
  /** Stops watching (the first sync failed: nothing to send). */
  close(): void
}

/**
 * Starts watching the folder `from` at once (so nothing changed during a first sync is missed);
 * its changes go to the prefix `to`, written with `s3` (the command's headers and part sizes).
 */
export function watchFolder(storage: Storage, from: string, to: {bucket: string; prefix: string}, s3: S3SideOptions, options: WatchOptions): FolderWatch {
  const under = (rel: string) => new S3Side(storage, to.bucket, `${to.prefix}${rel}/`, s3)
  return new ChangeSender(new LocalSide(storage, from), new S3Side(storage, to.bucket, to.prefix, s3), under, options)
}

class ChangeSender implements FolderWatch {
  private readonly selected: (rel: string) => boolean
  private readonly watcher: FSWatcher
  private watchError?: Error
  /** Paths waiting to be quiet long enough. */
  private readonly quieting = new Map<string, NodeJS.Timeout>()
  /** Paths ready to send, in the order they settled. */
  private readonly ready = new Set<string>()
  /** Paths being sent; one that changes meanwhile is sent again after. */
  private readonly sending = new Set<string>()
  private readonly changedWhileSending = new Set<string>()
  /** Failed paths waiting for their next try, and the pause before it. */
  private readonly retrying = new Map<string, {timer?: NodeJS.Timeout; pause: number}>()
  private readonly idle: Array<() => void> = []
  /** Size and time of each file as last sent: a second note of an unchanged file (a folder moved in is also walked) sends nothing. */
  private readonly sentAs = new Map<string, string>()

  constructor(private readonly from: LocalSide, private readonly to: Side, private readonly under: (rel: string) => Side, private readonly options: WatchOptions) {
    this.selected = compileFilters(options.filters ?? [])
    this.watcher = watch(from.dir, {recursive: true}, (_event, name) => {
      if (name) this.changed(name.split(path.sep).join('/'))
    })
    this.watcher.on('error', (error) => this.stop(error))
    options.signal.addEventListener('abort', () => this.stop(), {once: true})
  }

  async send(): Promise<number> {
    const workers = Array.from({length: Math.max(1, this.options.concurrency)}, () => this.work())
    await Promise.all(workers)
    if (this.watchError) throw this.watchError
    return new Set([...this.quieting.keys(), ...this.ready, ...this.retrying.keys()]).size
  }

  close(): void {
    this.stop()
  }

  private get stopped(): boolean {
    return this.options.signal.aborted || this.watchError !== undefined
  }

  private stop(error?: Error): void {
    this.watchError ??= error
    this.watcher.close()
    for (const timer of this.quieting.values()) clearTimeout(timer)
    for (const {timer} of this.retrying.values()) clearTimeout(timer)
    for (const wake of this.idle.splice(0)) wake()
  }

  /** A path changed: it is sent once quiet for `delay` ms (each change starts the wait again). */
  private changed(rel: string): void {
    if (this.stopped) return
    clearTimeout(this.quieting.get(rel))
    this.quieting.set(rel, setTimeout(() => {
      this.quieting.delete(rel)
      this.settled(rel)
    }, this.options.delay))
  }

  private settled(rel: string): void {
    if (this.sending.has(rel)) return void this.changedWhileSending.add(rel)
    const retry = this.retrying.get(rel)
    if (retry) clearTimeout(retry.timer) // a new change is tried now, not at the retry's time
    this.ready.add(rel)
    this.idle.shift()?.()
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const rel = this.ready.values().next().value
      if (rel === undefined) {
        await new Promise<void>((resolve) => this.idle.push(resolve))
        continue
      }
      this.ready.delete(rel)
      await this.sendOne(rel)
    }
  }

  private async sendOne(rel: string): Promise<void> {
    this.sending.add(rel)
    try {
      await this.apply(rel)
      this.retrying.delete(rel)
    } catch (error) {
      if (this.stopped) this.ready.add(rel) // cut short: counted as not sent
      else this.keepForLater(rel, error as Error)
    } finally {
      this.sending.delete(rel)
      if (this.changedWhileSending.delete(rel)) this.settled(rel)
    }
  }

  /** A failed send stays pending: tried again after a pause that doubles, up to the maximum. */
  private keepForLater(rel: string, error: Error): void {
    const first = this.options.retryDelay ?? 2000
    const previous = this.retrying.get(rel)?.pause
    const pause = previous === undefined ? first : Math.min(previous * 2, this.options.maxRetryDelay ?? 60_000)
    this.options.onWarning(`${this.from.describe(rel)}: ${error.message}; kept, trying again in ${Math.round(pause / 1000)} s`)
    const timer = setTimeout(() => {
      const retry = this.retrying.get(rel)
      if (retry) retry.timer = undefined
      this.settled(rel)
    }, pause)
    this.retrying.set(rel, {timer, pause})
  }

  /** What a settled path needs: its file sent, its folder's files noted, or its key(s) deleted. */
  private async apply(rel: string): Promise<void> {
    const file = path.join(this.from.dir, ...rel.split('/'))
    const info = await (this.options.followSymlinks ? stat : lstat)(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
      throw error
    })
    if (!info) return this.gone(rel)
    if (info.isDirectory()) {
      // A folder moved in may bring files no event named: each is noted as changed.
      for await (const inside of walkLocal(file, {followSymlinks: this.options.followSymlinks})) this.changed(`${rel}/${inside.rel}`)
      return
    }
    if (!this.selected(rel)) return
    if (!info.isFile()) return this.options.onWarning(`skipped ${file}: not a regular file${info.isSymbolicLink() ? ' (a link, not followed)' : ''}`)
    const bad = this.to.whyNotAName(rel)
    if (bad) return this.options.onWarning(`skipped ${file}: ${bad}`)
    const entry = await this.from.stat(rel)
    const state = `${entry.size}:${entry.mtimeMs}`
    if (this.sentAs.get(rel) === state) return
    await this.to.write(rel, this.from.read(entry), this.options.signal)
    this.sentAs.set(rel, state)
    await this.options.onRecord({action: this.to.writeAction(this.from), source: entry.name, destination: this.to.describe(rel), size: entry.size})
  }

  /** A path that is gone: with deleteExtra, its key, else the keys under it (a folder that went). */
  private async gone(rel: string): Promise<void> {
    this.sentAs.delete(rel)
    if (!this.options.deleteExtra) return
    if (this.selected(rel)) {
      const entry = await this.to.stat(rel).catch((error: unknown) => {
        if (classify(error).kind === 'not-found') return undefined
        throw error
      })
      if (entry) return this.deleted(this.to, [entry], () => rel)
    }
    const folder = this.under(rel)
    const entries: SideEntry[] = []
    for await (const entry of folder.list({role: 'destination'})) if (this.selected(`${rel}/${entry.rel}`)) entries.push(entry)
    for (let i = 0; i < entries.length; i += folder.deleteBatch) await this.deleted(folder, entries.slice(i, i + folder.deleteBatch), (e) => `${rel}/${e.rel}`)
  }

  private async deleted(at: Side, entries: SideEntry[], relOf: (entry: SideEntry) => string): Promise<void> {
    const failures = await at.deleteMany(entries, this.options.signal)
    if (failures.length > 0) throw new Error(`cannot delete ${relOf(entries[failures[0].index])}: ${failures[0].error}`)
    for (const entry of entries) await this.options.onRecord({action: 'delete', source: entry.name, size: entry.size})
  }
}
