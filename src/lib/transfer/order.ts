/**
 * The one order every batch listing comes in: relative paths by their UTF-8 bytes, which is
 * S3's listing order. A local walk emits files in this order too, so a sync can walk source and
 * destination side by side (pairUp) instead of holding either listing in memory.
 */

export function compareRel(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

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
  let s = await src.next()
  let d = await dst.next()
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
