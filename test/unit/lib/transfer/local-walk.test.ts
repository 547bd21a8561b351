import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {walkLocal} from '../../../../src/lib/transfer/local-walk.js'
import {compareRel} from '../../../../src/lib/transfer/order.js'

async function rels(root: string, followSymlinks: boolean, skips: string[] = []): Promise<string[]> {
  const out: string[] = []
  for await (const f of walkLocal(root, {followSymlinks, onSkip: (p, why) => skips.push(`${path.relative(root, p)}: ${why}`)})) out.push(f.rel)
  return out
}

describe('walking a local folder', function () {
  let root: string

  before(function () {
    root = mkdtempSync(path.join(tmpdir(), 's3-walk-'))
    for (const dir of ['a', 'a/b', 'a-b', 'empty', 'é']) mkdirSync(path.join(root, dir), {recursive: true})
    for (const file of ['a.txt', 'a/x', 'a/b/y', 'a-b/z', 'a0', 'é/ü', 'with space']) writeFileSync(path.join(root, file), file)
    symlinkSync(path.join(root, 'a'), path.join(root, 'link-to-a'))
    symlinkSync(root, path.join(root, 'a', 'b', 'loop'))
  })

  it('lists every file once, in S3 order, with sizes; empty folders give nothing', async function () {
    const files = await rels(root, false)
    assert.deepEqual(files, [...files].sort(compareRel))
    assert.deepEqual(files, ['a-b/z', 'a.txt', 'a/b/y', 'a/x', 'a0', 'with space', 'é/ü'])
  })

  it('skips links unless asked to follow them, and never loops when it does', async function () {
    const skips: string[] = []
    await rels(root, false, skips)
    assert.ok(skips.some((s) => s.startsWith('link-to-a: a symbolic link')), skips.join('\n'))
    const followed: string[] = []
    const files = await rels(root, true, followed)
    assert.ok(files.includes('link-to-a/x') && files.includes('link-to-a/b/y'))
    assert.ok(followed.some((s) => /loop/.test(s) && /a loop/.test(s)), followed.join('\n'))
    assert.deepEqual(files, [...files].sort(compareRel))
  })

  it('tells a folder it cannot read and a name that is not UTF-8 as problems (the walk is incomplete), not as skips', async function () {
    const dir = mkdtempSync(path.join(tmpdir(), 's3-walk-problems-'))
    writeFileSync(path.join(dir, 'ok'), 'ok')
    writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'bad-')), Buffer.from([0xff])]), 'bad')
    const problems: string[] = []
    const skips: string[] = []
    const files: string[] = []
    for await (const f of walkLocal(dir, {followSymlinks: false, onSkip: (p, why) => skips.push(why), onProblem: (p, why, kind) => problems.push(`${kind}: ${why}`)})) files.push(f.rel)
    assert.deepEqual(files, ['ok'])
    assert.deepEqual(problems, ['name: its name is not valid UTF-8 (S3 keys are UTF-8)'])
    assert.deepEqual(skips, [])
    // A folder opendir cannot open, even for root (a file where a folder should be): unreadable, not empty.
    const unreadable: string[] = []
    for await (const f of walkLocal(path.join(dir, 'ok'), {followSymlinks: false, onProblem: (p, why, kind) => unreadable.push(`${kind}: ${why}`)})) assert.fail(f.rel)
    assert.deepEqual(unreadable, ['unreadable: cannot read the folder: ENOTDIR'])
  })
})
