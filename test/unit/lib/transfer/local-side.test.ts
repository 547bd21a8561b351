/** A local folder as a batch side: its own rules (names, clashes, containment), on a real temp folder. */
import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {SkipFile} from '../../../../src/lib/transfer/engine.js'
import {LocalSide} from '../../../../src/lib/transfer/local-side.js'
import type {SideEntry} from '../../../../src/lib/transfer/side.js'
import type {Storage} from '../../../../src/lib/storage.js'

/** A local side's pure rules never reach S3: no storage is needed for them. */
const noStorage = undefined as unknown as Storage
const named = (rel: string, size = 1): SideEntry => ({rel, size, mtimeMs: 0, name: rel, origin: rel, md5: async () => undefined})

describe('a local folder as a batch side (local-side.ts)', function () {
  it('decides in listing order what keys become: the prefix\'s own marker nothing, markers folders, a file before its folder wins', function () {
    const side = new LocalSide(noStorage, 'out')
    assert.deepEqual(side.land(named('', 0)), {kind: 'nothing'})
    assert.deepEqual(side.land(named('a')), {kind: 'file'})
    assert.equal(side.land(named('a/b')).kind, 'skip')
    assert.deepEqual(side.land(named('d/', 0)), {kind: 'folder'})
  })

  it('never names a path outside the folder', function () {
    const side = new LocalSide(noStorage, 'out')
    assert.match(side.whyNotAName('../x')!, /leave/)
    assert.match(side.whyNotAName('/abs')!, /absolute/)
    assert.equal(side.whyNotAName('a/b'), undefined)
  })

  it('keeps (SkipFile) a file whose real folder is outside the folder, and refuses to take a local file', async function () {
    const root = mkdtempSync(path.join(tmpdir(), 's3-local-side-'))
    mkdirSync(path.join(root, 'in'))
    mkdirSync(path.join(root, 'elsewhere'))
    writeFileSync(path.join(root, 'elsewhere', 'f'), 'x')
    symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'in', 'link'))
    const side = new LocalSide(noStorage, path.join(root, 'in'))
    await assert.rejects(side.delete(named('link/f')), SkipFile)
    await assert.rejects(side.write('x', {file: '/etc/hostname'}, new AbortController().signal), /one side of a batch must be S3/)
  })
})
