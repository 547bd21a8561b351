import assert from 'node:assert/strict'
import {FileFolderClashes, type KeyShape} from '../../../../src/lib/transfer/key-clashes.js'
import {compareRel} from '../../../../src/lib/transfer/order.js'

/** The shape of each key, met in S3's listing order. */
function shapes(keys: Array<[string, number]>): Record<string, KeyShape['kind']> {
  const tracker = new FileFolderClashes()
  const sorted = [...keys].sort((a, b) => compareRel(a[0], b[0]))
  return Object.fromEntries(sorted.map(([rel, size]) => [rel, tracker.shape(rel, size).kind]))
}

describe('keys that are both a file and a folder (FileFolderClashes)', function () {
  it('the file "a" comes first and wins; later "a/..." keys are skipped, even past keys between "a" and "a/" ("a-x", "a.b")', function () {
    assert.deepEqual(shapes([['a', 1], ['a-x', 1], ['a-x/y', 1], ['a.b', 1], ['a/b', 1], ['a/c/d', 1], ['a/', 0], ['b', 1], ['b/c', 1]]), {
      'a': 'file', 'a-x': 'file', 'a-x/y': 'skip', 'a.b': 'file', 'a/': 'skip', 'a/b': 'skip', 'a/c/d': 'skip', 'b': 'file', 'b/c': 'skip',
    })
  })

  it('a zero-byte key ending in "/" is a folder; with content it is skipped; folders and their files do not clash', function () {
    assert.deepEqual(shapes([['d/', 0], ['d/f', 1], ['e/', 3], ['e/f', 1], ['x/y/', 0], ['x/y/z', 1]]), {
      'd/': 'folder', 'd/f': 'file', 'e/': 'skip', 'e/f': 'file', 'x/y/': 'folder', 'x/y/z': 'file',
    })
  })

  it('says which file is in the way, and keeps only names that may still prefix a later key', function () {
    const tracker = new FileFolderClashes()
    assert.equal(tracker.shape('dir/a', 1).kind, 'file')
    const clash = tracker.shape('dir/a/b', 1)
    assert.ok(clash.kind === 'skip' && /the file dir\/a /.test(clash.why))
    for (let i = 0; i < 1000; i++) tracker.shape(`f${String(i).padStart(4, '0')}`, 1)
    assert.ok((tracker as unknown as {files: string[]}).files.length <= 1, 'a flat listing keeps one name at a time')
  })
})
