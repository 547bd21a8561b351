/**
 * The rule every listing obeys: the names of one listing (keys and common prefixes; versions
 * and uploads by key) come in S3's order, UTF-8 bytes, strictly increasing across all its
 * pages, all under the requested prefix, and a truncated page says where to go on. A page that
 * breaks it (a page repeated, a continuation token repeated, a key outside the prefix) is the
 * server's inconsistency: it must fail the listing, never pass for a shorter or different
 * one, or `sync --delete` would take the keys it then misses for extras. Pure: no requests.
 */
import {INCONSISTENT_LISTING, NotS3Error, StorageError} from '../errors.js'

export {INCONSISTENT_LISTING}

/** S3's key order: UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** The error of a page that breaks the rule; `problem` says how ("went backwards at key K"). */
export function inconsistentListing(op: string, what: string, problem: string, page: number): StorageError {
  return new StorageError(op, new NotS3Error(`${what} ${problem} (page ${page}): the server's listing is inconsistent`, INCONSISTENT_LISTING))
}

/** One page of names, as a listing of keys gives them: its keys and its common prefixes, each in order. */
export interface NamesPage {
  keys: readonly string[]
  prefixes: readonly string[]
}

/**
 * The order of a listing of keys, page after page. `check` says what is wrong with a page
 * (undefined: nothing); `accept` moves past it. A common prefix equal to the last name of
 * the page before is allowed, once: v1 listings continued by marker give it again.
 */
export class KeyOrder {
  private last: string | undefined
  private lastIsPrefix = false
  /** Pages accepted so far. */
  pages = 0

  /** `after`: the listing starts after this name (start-after / marker). */
  constructor(private readonly prefix = '', after?: string) {
    this.last = after || undefined
    this.lastIsPrefix = this.last !== undefined // a prefix equal to where the listing starts is no repetition
  }

  check(page: NamesPage): string | undefined {
    return this.problemIn(page.keys, false) ?? this.problemIn(page.prefixes, true)
  }

  /** The page's common prefixes without the one repeated from the page before. */
  accept(page: NamesPage): string[] {
    const prefixes = page.prefixes.filter((p, i) => !(i === 0 && this.lastIsPrefix && p === this.last))
    const lastKey = page.keys.at(-1)
    const lastPrefix = page.prefixes.at(-1)
    for (const [name, isPrefix] of [[lastKey, false], [lastPrefix, true]] as const) {
      if (name !== undefined && (this.last === undefined || compareKeys(name, this.last) > 0)) {
        this.last = name
        this.lastIsPrefix = isPrefix
      }
    }
    this.pages++
    return prefixes
  }

  /** Within one page, keys and prefixes are each in order, both after the names of the pages before. */
  private problemIn(names: readonly string[], arePrefixes: boolean): string | undefined {
    let previous = this.last
    for (const [i, name] of names.entries()) {
      if (!name.startsWith(this.prefix)) return `gave ${arePrefixes ? 'prefix' : 'key'} ${name} outside the prefix ${this.prefix}`
      const repeatedPrefix = arePrefixes && i === 0 && this.lastIsPrefix && name === previous
      if (previous !== undefined && !repeatedPrefix && compareKeys(name, previous) <= 0) {
        return `went backwards at ${arePrefixes ? 'prefix' : 'key'} ${name}`
      }
      previous = name
    }
    return undefined
  }
}

/**
 * The order of a listing of versions or uploads: by key, and a key's entries (version ids,
 * upload ids: `idOf`) never twice, even where a key runs across a page boundary.
 */
export class EntryOrder<T extends {key: string}> {
  private lastKey: string | undefined
  private idsOfLastKey = new Set<string>()
  pages = 0

  constructor(private readonly idOf: (entry: T) => string, private readonly prefix = '') {}

  check(entries: readonly T[]): string | undefined {
    let lastKey = this.lastKey
    let ids = new Set(this.idsOfLastKey)
    for (const entry of entries) {
      const {key} = entry
      if (!key.startsWith(this.prefix)) return `gave key ${key} outside the prefix ${this.prefix}`
      const order = lastKey === undefined ? 1 : compareKeys(key, lastKey)
      if (order < 0 || (order === 0 && ids.has(this.idOf(entry)))) return `went backwards at key ${key}`
      if (order > 0) ids = new Set()
      ids.add(this.idOf(entry))
      lastKey = key
    }
    return undefined
  }

  accept(entries: readonly T[]): void {
    for (const entry of entries) {
      if (entry.key !== this.lastKey) this.idsOfLastKey = new Set()
      this.idsOfLastKey.add(this.idOf(entry))
      this.lastKey = entry.key
    }
    this.pages++
  }
}

/** Where a listing went on (a token, a pair of markers): going on the same way twice would list again what was listed. */
export class ContinuationsSeen {
  private readonly seen = new Set<string>()

  has(...markers: (string | undefined)[]): boolean {
    return this.seen.has(joined(markers))
  }

  add(...markers: (string | undefined)[]): void {
    this.seen.add(joined(markers))
  }
}

const joined = (markers: (string | undefined)[]) => markers.map((m) => m ?? '').join('\u0000')

/** What is wrong with the way a page of versions or uploads goes on (its next key marker, and version or upload id marker). */
export function markersPageEnd(truncated: boolean, wentOn: ContinuationsSeen, keyMarker: string | undefined, idMarker: string | undefined): string | undefined {
  if (!truncated) return undefined
  if (keyMarker === undefined) return 'is truncated but gave no key marker'
  if (wentOn.has(keyMarker, idMarker)) return 'gave the markers of a page before again'
  return undefined
}

/**
 * A page read and checked (`problemOf`: what breaks the rule). A bad page is asked for once
 * more, as a glitch (a proxy's, a server node's) may not repeat; bad again, it fails with
 * `fail`'s error, before any of its entries is handed out. Never retried beyond that: a
 * server whose listing is inconsistent stays so.
 */
export async function checkedPage<P>(read: (again: boolean) => Promise<P>, problemOf: (page: P) => string | undefined, fail: (problem: string) => Error): Promise<P> {
  const page = await read(false)
  if (problemOf(page) === undefined) return page
  const again = await read(true)
  const problem = problemOf(again)
  if (problem !== undefined) throw fail(problem)
  return again
}

/** A page of a listing continued by two markers (versions: key and version id; uploads: key and upload id). */
export interface MarkersPage<T> {
  entries: readonly T[]
  truncated: boolean
  nextKeyMarker?: string
  nextIdMarker?: string
}

/** Where a markers listing starts (the markers a caller gave), or nothing: from the first key. */
export interface Markers {
  keyMarker?: string
  idMarker?: string
}

/**
 * The one loop of every listing continued by markers (versions, multipart uploads): each page
 * read with the markers of the page before, checked (`order`, a way on never taken before)
 * before any of its entries is yielded, and failed with `inconsistent(problem, page)` when it
 * breaks the rule twice.
 */
export async function* markerPages<T extends {key: string}>(
  read: (markers: Markers) => Promise<MarkersPage<T>>,
  order: EntryOrder<T>,
  inconsistent: (problem: string, page: number) => Error,
  start: Markers = {},
): AsyncGenerator<T> {
  let markers = start
  const wentOn = new ContinuationsSeen()
  for (;;) {
    const page = await checkedPage(() => read(markers), (p) => order.check(p.entries) ?? markersPageEnd(p.truncated, wentOn, p.nextKeyMarker, p.nextIdMarker),
      (problem) => inconsistent(problem, order.pages + 1))
    order.accept(page.entries)
    yield* page.entries
    if (!page.truncated) return
    markers = {keyMarker: page.nextKeyMarker, idMarker: page.nextIdMarker}
    wentOn.add(markers.keyMarker, markers.idMarker)
  }
}
