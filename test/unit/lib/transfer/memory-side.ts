/**
 * An in-memory Side for the plans' unit tests: pure logic (what is planned, in which order,
 * what is deleted when), never a stand-in for S3's behaviour (proven against RGW).
 */
import {SkipFile, type TransferRecord} from '../../../../src/lib/transfer/engine.js'
import {compareRel} from '../../../../src/lib/transfer/order.js'
import type {Landing, ListAs, Side, SideEntry, SideSource} from '../../../../src/lib/transfer/side.js'

interface MemoryFile {
  size: number
  mtimeMs: number
  md5?: string
}

export interface MemorySideOptions {
  deleteBatch?: number
  /** Thrown by the listing after this many entries. */
  listingFails?: {after: number; error: Error}
  /** Told to a source listing's onProblem before its first entry. */
  problems?: string[]
  /** What source names become here (default: a file). */
  landings?: Record<string, Landing>
  /** Names that can never be written here, and why. */
  badNames?: Record<string, string>
  /** Files this side keeps when asked to delete them (SkipFile), and why. */
  keep?: Record<string, string>
  /** Files that are written short by this many bytes (a broken copy). */
  short?: Record<string, number>
  emptySourceError?: Error
}

const sides = new Map<string, MemorySide>()

export class MemorySide implements Side {
  readonly files = new Map<string, MemoryFile>()
  /** What was done, in order: "write a", "delete a", "folder a", "deleteMany a,b". */
  readonly log: string[] = []
  readonly deleteBatch: number

  constructor(readonly id: string, files: Record<string, number | MemoryFile> = {}, private readonly options: MemorySideOptions = {}) {
    for (const [rel, file] of Object.entries(files)) this.files.set(rel, typeof file === 'number' ? {size: file, mtimeMs: 1000} : file)
    this.deleteBatch = options.deleteBatch ?? 1
    sides.set(id, this)
  }

  describe(rel: string): string {
    return `${this.id}:${rel}`
  }

  async* list(as: ListAs): AsyncGenerator<SideEntry> {
    if (as.role === 'source') for (const problem of this.options.problems ?? []) as.onProblem?.(this.describe(problem), 'cannot read it', 'unreadable')
    let n = 0
    for (const rel of [...this.files.keys()].sort(compareRel)) {
      if (this.options.listingFails && n++ === this.options.listingFails.after) throw this.options.listingFails.error
      yield this.entry(rel)
    }
  }

  async stat(rel: string): Promise<SideEntry> {
    if (!this.files.has(rel)) throw new Error(`${this.describe(rel)}: not found`)
    return this.entry(rel)
  }

  read(entry: SideEntry): SideSource {
    return {object: {bucket: this.id, key: entry.rel}}
  }

  writeAction(from: Side): TransferRecord['action'] {
    return from instanceof MemorySide ? 'copy' : 'upload'
  }

  land(entry: SideEntry): Landing {
    return this.options.landings?.[entry.rel] ?? {kind: 'file'}
  }

  whyNotAName(rel: string): string | undefined {
    return this.options.badNames?.[rel]
  }

  async write(rel: string, source: SideSource, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted()
    if (!('object' in source)) throw new Error('a memory side reads objects only')
    const from = sides.get(source.object.bucket)!.files.get(source.object.key)!
    this.files.set(rel, {...from, size: from.size - (this.options.short?.[rel] ?? 0)})
    this.log.push(`write ${rel}`)
  }

  async makeFolder(rel: string): Promise<string | undefined> {
    this.log.push(`folder ${rel}`)
    return undefined
  }

  async delete(entry: SideEntry): Promise<void> {
    const kept = this.options.keep?.[entry.rel]
    if (kept) throw new SkipFile(kept)
    this.files.delete(entry.rel)
    this.log.push(`delete ${entry.rel}`)
  }

  async deleteMany(entries: readonly SideEntry[]): Promise<{index: number; error: string}[]> {
    for (const entry of entries) this.files.delete(entry.rel)
    this.log.push(`deleteMany ${entries.map((e) => e.rel).join(',')}`)
    return []
  }

  emptySourceError(): Error | undefined {
    return this.options.emptySourceError
  }

  private entry(rel: string): SideEntry {
    const file = this.files.get(rel)!
    return {rel, size: file.size, mtimeMs: file.mtimeMs, name: this.describe(rel), origin: `name ${rel}`, md5: async () => file.md5}
  }
}
