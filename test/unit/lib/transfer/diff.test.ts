import assert from 'node:assert/strict'
import {type Difference, diffSides} from '../../../../src/lib/transfer/diff.js'
import {MemorySide} from './memory-side.js'

async function differences(from: MemorySide, to: MemorySide, checksum = false): Promise<string[]> {
  const out: string[] = []
  for await (const d of diffSides(from, to, {checksum})) out.push(label(d))
  return out
}

function label(d: Difference): string {
  return d.kind === 'differ' ? `differ ${d.rel} by ${d.by}` : `${d.kind} ${d.rel}`
}

describe('diffSides', () => {
  it('names what only one side has and what differs in size, in S3 order; equal sizes are equal without --checksum', async () => {
    const from = new MemorySide('a', {'x': 1, 'b/1': 2, 'same': {size: 3, mtimeMs: 1, md5: 'm1'}, 'only-a': 1})
    const to = new MemorySide('b', {'x': 2, 'b/1': 2, 'same': {size: 3, mtimeMs: 9, md5: 'm2'}, 'only-b': 1})
    assert.deepEqual(await differences(from, to), ['only-in-source only-a', 'only-in-destination only-b', 'differ x by size'])
  })

  it('--checksum: MD5s compared as sync compares them; no MD5 on one side is "not compared", never equal', async () => {
    const from = new MemorySide('a', {'m': {size: 3, mtimeMs: 1, md5: 'm1'}, 'n': {size: 3, mtimeMs: 1, md5: 'n'}, 'q': {size: 3, mtimeMs: 1}})
    const to = new MemorySide('b', {'m': {size: 3, mtimeMs: 1, md5: 'm2'}, 'n': {size: 3, mtimeMs: 1, md5: 'n'}, 'q': {size: 3, mtimeMs: 1, md5: 'q'}})
    assert.deepEqual(await differences(from, to, true), ['differ m by md5', 'not-compared q'])
  })

  it('leaves folder markers out: an empty name ending in / is no file', async () => {
    const from = new MemorySide('a', {'': 0, 'dir/': 0, 'f': 1})
    const to = new MemorySide('b', {'f': 1})
    assert.deepEqual(await differences(from, to), [])
  })

  it('a listing that fails is an error, after what was found: never "equal"', async () => {
    const error = new Error('listing broke')
    const from = new MemorySide('a', {'a': 1, 'b': 1, 'c': 1})
    const to = new MemorySide('b', {'a': 1, 'b': 1, 'c': 1}, {listingFails: {after: 1, error}})
    await assert.rejects(differences(from, to), error)
  })

  it('what a source walk could not read makes the comparison fail once it ended (a local file error)', async () => {
    const from = new MemorySide('a', {'a': 1}, {problems: ['secret']})
    const to = new MemorySide('b', {'a': 1})
    const seen: string[] = []
    await assert.rejects(async () => {
      for await (const d of diffSides(from, to, {checksum: false})) seen.push(label(d))
    }, {name: 'LocalFileError', message: /the comparison is incomplete: could not read a:secret: cannot read it/})
    assert.deepEqual(seen, [])
  })
})
