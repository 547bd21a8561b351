import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {LocalFolder, localTarget} from '../../../../src/lib/transfer/local-target.js'

describe('where a key lands in a local folder', function () {
  const root = path.resolve('/tmp/target')

  it('joins a relative key under the folder', function () {
    assert.deepEqual(localTarget(root, 'a/b.txt'), {path: path.join(root, 'a', 'b.txt')})
    assert.deepEqual(localTarget(root, 'with space é.txt'), {path: path.join(root, 'with space é.txt')})
  })

  it('never leaves the folder: .., absolute paths, empty segments are skipped with the reason', function () {
    for (const rel of ['../x', 'a/../../x', 'a/..', '/etc/passwd', 'a//b', './x', '', 'C:/x']) {
      const target = localTarget(root, rel)
      assert.ok('skip' in target, `${JSON.stringify(rel)} was not skipped`)
    }
  })

  describe('containment of writes and deletes (LocalFolder)', function () {
    let root: string
    let outside: string

    before(function () {
      outside = mkdtempSync(path.join(tmpdir(), 's3-outside-'))
      writeFileSync(path.join(outside, 'f'), 'f')
      root = mkdtempSync(path.join(tmpdir(), 's3-root-'))
      mkdirSync(path.join(root, 'sub'))
      writeFileSync(path.join(root, 'sub', 'f'), 'f')
      symlinkSync(outside, path.join(root, 'folder-link'))
      symlinkSync(path.join(root, 'sub'), path.join(root, 'inner-link'))
      symlinkSync(path.join(outside, 'f'), path.join(root, 'file-link'))
    })

    it('never writes through a link: a folder link on the way (even one pointing inside), or the file itself a link', async function () {
      const folder = new LocalFolder(root)
      assert.equal(await folder.whyNotWritable(path.join(root, 'sub', 'new')), undefined)
      assert.equal(await folder.whyNotWritable(path.join(root, 'not', 'made', 'yet', 'x')), undefined)
      assert.match((await folder.whyNotWritable(path.join(root, 'folder-link', 'x')))!, /folder-link is a symbolic link/)
      assert.match((await folder.whyNotWritable(path.join(root, 'folder-link', 'deeper', 'x')))!, /folder-link is a symbolic link/)
      assert.match((await folder.whyNotWritable(path.join(root, 'inner-link', 'x')))!, /symbolic link/)
      assert.match((await folder.whyNotWritable(path.join(root, 'file-link')))!, /file-link is a symbolic link/)
    })

    it('deletes only files whose real folder is inside the real root', async function () {
      const folder = new LocalFolder(root)
      assert.equal(await folder.whyNotDeletable(path.join(root, 'sub', 'f')), undefined)
      assert.equal(await folder.whyNotDeletable(path.join(root, 'inner-link', 'f')), undefined)
      assert.equal(await folder.whyNotDeletable(path.join(root, 'file-link')), undefined, 'the link itself is in the folder')
      assert.match((await folder.whyNotDeletable(path.join(root, 'folder-link', 'f')))!, /outside/)
    })
  })
})
