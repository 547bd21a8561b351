import assert from 'node:assert/strict'
import {compareRel, pairUp} from '../../../../src/lib/transfer/order.js'

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('listing order', function () {
  it('sorts by UTF-8 bytes, as S3 lists keys', function () {
    const keys = ['a/b', 'a-b', 'a.txt', 'a0', 'é', 'z', '\u{1F600}', '\uFF5E']
    assert.deepEqual([...keys].sort(compareRel), ['a-b', 'a.txt', 'a/b', 'a0', 'z', 'é', '\uFF5E', '\u{1F600}'])
  })

  it('agrees with a comparison of UTF-8 bytes on every pair, ASCII or not', function () {
    const alphabet = ['a', 'b', '/', '-', '0', 'é', '\u4E2D', '\uD7FF', '\uE000', '\uFF5E', '\u{1F600}', '\u{10FFFF}']
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const word = () => Array.from({length: 1 + Math.floor(random() * 4)}, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
    for (let i = 0; i < 3000; i++) {
      const [a, b] = [word(), word()]
      assert.equal(compareRel(a, b), Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`)
    }
  })

  it('pairs two sorted listings path by path, each side present or not', async function () {
    const src = [{rel: 'a', n: 1}, {rel: 'b', n: 2}, {rel: 'd', n: 4}]
    const dst = [{rel: 'b', m: 2}, {rel: 'c', m: 3}, {rel: 'd', m: 4}, {rel: 'e', m: 5}]
    const pairs = await collect(pairUp(from(src), from(dst)))
    assert.deepEqual(pairs.map((p) => [p.rel, p.source !== undefined, p.destination !== undefined]), [
      ['a', true, false], ['b', true, true], ['c', false, true], ['d', true, true], ['e', false, true],
    ])
    assert.deepEqual(await collect(pairUp(from([]), from([]))), [])
  })
})
