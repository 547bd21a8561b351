/**
 * A local folder as one side of a batch. Its rules are kept here, at the time of the work:
 * a key lands only inside the folder (localTarget), is never written through a symbolic link
 * and a file is deleted only when its real folder is inside the real named folder
 * (LocalFolder); keys that cannot all be files (a folder marker, `a` and `a/b`) are decided in
 * listing order (key-clashes.ts). As a source, the folder must exist and what its walk cannot
 * read is told (so nothing is deleted on its word); as a destination, a missing folder holds
 * nothing and its walk never follows links (what a link reaches is not in the folder).
 */
import {mkdir, rm, stat, utimes} from 'node:fs/promises'
import path from 'node:path'
import {LocalFileError} from '../errors.js'
import type {TransferTuning} from '../ops/objects.js'
import type {Storage} from '../storage.js'
import {S3Name, ValueError} from '../types.js'
import {md5OfFile} from './checksums.js'
import {SkipFile, type TransferRecord} from './engine.js'
import {FileFolderClashes} from './key-clashes.js'
import {LocalFolder, localTarget} from './local-target.js'
import {type LocalFile, walkLocal, type WalkOptions} from './local-walk.js'
import type {Landing, ListAs, Side, SideEntry, SideSource} from './side.js'

export class LocalSide implements Side {
  readonly deleteBatch = 1
  /** The containment checker, one per side, so real paths are cached for the batch. */
  private readonly folder: LocalFolder
  /** File/folder clashes of the keys landing here, in listing order (one plan per side). */
  private readonly clashes = new FileFolderClashes()

  /** `storage` reads the objects that land here, in ranges of `tuning`'s part size and parts in flight. */
  constructor(private readonly storage: Storage, readonly dir: string, private readonly tuning: Omit<TransferTuning, 'signal'> = {}) {
    this.folder = new LocalFolder(dir)
  }

  describe(rel: string): string {
    return this.pathOf(rel)
  }

  async* list(as: ListAs): AsyncGenerator<SideEntry> {
    const files = as.role === 'source'
      ? this.walkSource({followSymlinks: as.followSymlinks, onSkip: as.onSkip, onProblem: as.onProblem})
      : this.walkIfThere({followSymlinks: false})
    for await (const file of files) yield entry(file)
  }

  async stat(rel: string): Promise<SideEntry> {
    const file = this.pathOf(rel)
    const info = await stat(file)
    return entry({rel, path: file, size: info.size, mtimeMs: info.mtimeMs})
  }

  read(file: SideEntry): SideSource {
    return {file: this.pathOf(file.rel)}
  }

  writeAction(): TransferRecord['action'] {
    return 'download'
  }

  land(source: SideEntry): Landing {
    if (source.rel === '' && source.size === 0) return {kind: 'nothing'} // the marker of the prefix itself
    return this.clashes.shape(source.rel, source.size)
  }

  whyNotAName(rel: string): string | undefined {
    const target = localTarget(this.dir, rel)
    return 'skip' in target ? target.skip : undefined
  }

  async write(rel: string, source: SideSource, signal: AbortSignal): Promise<void> {
    if ('file' in source) throw new ValueError('one side of a batch must be S3: for a local copy, use cp or rsync')
    const file = this.targetOf(rel)
    const why = await this.folder.whyNotWritable(file)
    if (why) throw new SkipFile(why)
    await this.download(new S3Name(source.object.key, source.object.bucket), file, signal, source.headers)
  }

  async makeFolder(rel: string): Promise<string | undefined> {
    const folder = this.targetOf(rel)
    const why = await this.folder.whyNotWritable(folder)
    if (why) return why
    await mkdir(folder, {recursive: true})
    return undefined
  }

  async delete(file: SideEntry): Promise<void> {
    const where = this.pathOf(file.rel)
    const why = await this.folder.whyNotDeletable(where)
    if (why) throw new SkipFile(why)
    await rm(where)
  }

  async deleteMany(files: readonly SideEntry[]): Promise<{index: number; error: string}[]> {
    for (const file of files) await this.delete(file)
    return []
  }

  /** A local folder that holds nothing is empty, not mistyped (a missing one was refused). */
  emptySourceError(): undefined {
    return undefined
  }

  private pathOf(rel: string): string {
    return path.join(this.dir, ...rel.split('/'))
  }

  /** Where `rel` may land (whyNotAName was asked when the task was planned). */
  private targetOf(rel: string): string {
    const target = localTarget(this.dir, rel)
    if ('skip' in target) throw new ValueError(target.skip)
    return target.path
  }

  private async* walkSource(options: WalkOptions): AsyncGenerator<LocalFile> {
    await checkSourceFolder(this.dir)
    yield* walkLocal(this.dir, options)
  }

  /** A destination folder that does not exist yet holds nothing. */
  private async* walkIfThere(options: WalkOptions): AsyncGenerator<LocalFile> {
    const info = await stat(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    })
    if (!info) return
    if (!info.isDirectory()) throw new LocalFileError(`${this.dir} is a file, not a folder`, 'ENOTDIR', this.dir)
    yield* walkLocal(this.dir, options)
  }

  /**
   * Downloads one object: into its folder (made as needed) through the temp file and rename of
   * Storage.readObject, then gives the file the object's modification time, so a later sync
   * sees it as current. A key that is both a file and a folder prefix ("a" and "a/b") cannot be
   * both here: the second one met fails with a clear message.
   */
  private async download(name: S3Name, file: string, signal: AbortSignal, headers?: Record<string, string>): Promise<void> {
    try {
      await mkdir(path.dirname(file), {recursive: true})
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST' || code === 'ENOTDIR') {
        throw new LocalFileError(`${path.relative(this.dir, file)}: a file stands where a folder is needed (the key is both a file and a folder prefix)`, 'ENOTDIR', file)
      }
      throw error
    }
    const result = await this.storage.readObject(name, file, {...this.tuning, signal, headers})
    const modified = Date.parse(result.lastModified)
    if (!Number.isNaN(modified)) await utimes(file, new Date(), new Date(modified))
  }
}

/** A local SOURCE folder must exist: a mistyped or missing one is never "an empty folder". */
export async function checkSourceFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new LocalFileError(`${dir}: no such folder`, 'ENOENT', dir)
    throw error
  })
  if (!info.isDirectory()) throw new LocalFileError(`${dir} is a file, not a folder`, 'ENOTDIR', dir)
}

function entry(file: LocalFile): SideEntry {
  return {rel: file.rel, size: file.size, mtimeMs: file.mtimeMs, name: file.path, origin: file.path, md5: () => md5OfFile(file.path)}
}
