/**
 * Walks a local folder as a stream of files, in S3's listing order (see order.ts): one folder
 * read at a time, so memory follows the depth and width of the tree, not its size. Symbolic
 * links are followed or skipped as asked; a link back into the folders being walked is skipped
 * (with a warning), so a walk never loops.
 */
import type {Dirent} from 'node:fs'
import {opendir, stat} from 'node:fs/promises'
import path from 'node:path'
import {compareRel} from './order.js'

export interface LocalFile {
  /** Path relative to the walk's root, with '/' separators. */
  rel: string
  /** The path to open. */
  path: string
  size: number
  mtimeMs: number
}

export interface WalkOptions {
  followSymlinks: boolean
  /** Told about what is passed over by choice: links not followed, loops, sockets and devices, files gone meanwhile. */
  onSkip?: (path: string, why: string) => void
  /**
   * Told about what could not be read: the walk is then incomplete (a folder that cannot be
   * read is not an empty folder), so nothing may be deleted on its word. `unreadable`: a folder
   * or file the walk could not read; `name`: a name that cannot be a key (not UTF-8).
   */
  onProblem?: (path: string, why: string, kind: 'unreadable' | 'name') => void
}

interface Child {
  name: string
  /** The name as it sorts among its siblings: folders sort as "name/". */
  sortKey: string
  path: string
  isDir: boolean
  size: number
  mtimeMs: number
  id: string
}

export async function* walkLocal(root: string, options: WalkOptions): AsyncGenerator<LocalFile> {
  const top = await stat(root)
  yield* walkFolder(root, '', new Set([`${top.dev}:${top.ino}`]), options)
}

async function* walkFolder(dir: string, relDir: string, ancestors: Set<string>, options: WalkOptions): AsyncGenerator<LocalFile> {
  for (const child of await readChildren(dir, options)) {
    const rel = relDir + child.name
    if (!child.isDir) {
      yield {rel, path: child.path, size: child.size, mtimeMs: child.mtimeMs}
      continue
    }
    if (ancestors.has(child.id)) {
      options.onSkip?.(child.path, 'a link back into a folder being walked (a loop)')
      continue
    }
    ancestors.add(child.id)
    yield* walkFolder(child.path, rel + '/', ancestors, options)
    ancestors.delete(child.id)
  }
}

/** Stats in flight at once while a folder is read: one at a time, each waits a thread-pool round trip. */
const STATS_IN_FLIGHT = 32

/** The folder's files and subfolders, sorted; links resolved (or skipped), other kinds skipped. */
async function readChildren(dir: string, options: WalkOptions): Promise<Child[]> {
  const children: Child[] = []
  const entries: Dirent[] = []
  try {
    // Names as bytes: decoded as strings, a name that is not UTF-8 would turn into another
    // name (U+FFFD), which no stat finds.
    for await (const raw of await opendir(dir, BYTE_NAMES) as unknown as AsyncIterable<Dirent<Buffer>>) {
      const name = utf8(raw.name)
      if (name === undefined) options.onProblem?.(path.join(dir, raw.name.toString()), 'its name is not valid UTF-8 (S3 keys are UTF-8)', 'name')
      else entries.push(Object.assign(raw, {name}) as unknown as Dirent)
    }
  } catch (error) {
    options.onProblem?.(dir, `cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'unreadable')
    return children
  }
  const followed = entries.filter((entry) => {
    if (!entry.isSymbolicLink() || options.followSymlinks) return true
    options.onSkip?.(path.join(dir, entry.name), 'a symbolic link (--follow-symlinks follows them)')
    return false
  })
  const infos = await mapInFlight(followed, STATS_IN_FLIGHT, (entry) => stat(path.join(dir, entry.name)).catch((error: NodeJS.ErrnoException) => error)) // follows links
  followed.forEach((entry, i) => {
    const full = path.join(dir, entry.name)
    const info = infos[i]
    if (info instanceof Error) {
      if (entry.isSymbolicLink() && (info.code === 'ENOENT' || info.code === 'ELOOP')) return options.onSkip?.(full, 'a broken symbolic link')
      if (info.code === 'ENOENT') return options.onSkip?.(full, 'gone while the folder was read')
      return options.onProblem?.(full, `cannot read it: ${info.code ?? info.message}`, 'unreadable')
    }
    if (!info.isFile() && !info.isDirectory()) return options.onSkip?.(full, 'not a regular file or folder')
    const isDir = info.isDirectory()
    children.push({name: entry.name, sortKey: isDir ? entry.name + '/' : entry.name, path: full, isDir, size: info.size, mtimeMs: info.mtimeMs, id: `${info.dev}:${info.ino}`})
  })
  return children.sort((a, b) => compareRel(a.sortKey, b.sortKey))
}

/** opendir gives names as Buffers with this (Node's types only know string encodings). */
const BYTE_NAMES = {encoding: 'buffer'} as unknown as {encoding: BufferEncoding}

const STRICT_UTF8 = new TextDecoder('utf-8', {fatal: true})

/** A file name's bytes as a string, or undefined when they are not UTF-8. */
function utf8(name: Buffer): string | undefined {
  try {
    return STRICT_UTF8.decode(name)
  } catch {
    return undefined
  }
}

/** `work` for every item, at most `limit` at once; the results in the items' order. */
async function mapInFlight<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i])
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}
