/**
 * The one order every batch listing comes in: relative paths by their UTF-8 bytes, which is
 * S3's listing order. A local walk emits files in this order too, so a sync can walk source and
 * destination side by side (pairUp) instead of holding either listing in memory.
 */

export function compareRel(a: string, b: string): number {
  if (a === b) return 0
  // Below U+D800, UTF-16 code units sort as UTF-8 bytes do: no need to encode (most paths).
  if (!UTF16_ORDER_DIFFERS.test(a) && !UTF16_ORDER_DIFFERS.test(b)) return a < b ? -1 : 1
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** Surrogates (characters beyond U+FFFF) and U+E000-U+FFFF: where UTF-16 order and UTF-8 byte order part ways. */
const UTF16_ORDER_DIFFERS = /[\uD800-\uFFFF]/

export interface Pair<S, D> {
  rel: string
  source?: S
  destination?: D
}

/** Joins two listings sorted by compareRel: each relative path once, with what each side has. */
export async function* pairUp<S extends {rel: string}, D extends {rel: string}>(
  sources: AsyncIterable<S>, destinations: AsyncIterable<D>,
): AsyncGenerator<Pair<S, D>> {
  const src = sources[Symbol.asyncIterator]()
  const dst = destinations[Symbol.asyncIterator]()
  // Both sides start at once: the local walk and the first listing page overlap.
  let [s, d] = await Promise.all([src.next(), dst.next()])
  while (!s.done || !d.done) {
    const order = s.done ? 1 : d.done ? -1 : compareRel(s.value.rel, d.value.rel)
    if (order === 0) {
      yield {rel: s.value!.rel, source: s.value, destination: d.value}
      ;[s, d] = await Promise.all([src.next(), dst.next()])
    } else if (order < 0) {
      yield {rel: s.value!.rel, source: s.value}
      s = await src.next()
    } else {
      yield {rel: d.value!.rel, destination: d.value}
      d = await dst.next()
    }
  }
}
