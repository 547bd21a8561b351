import assert from 'node:assert/strict'
import {homedir} from 'node:os'
import path from 'node:path'
import {installSpec, rewriteLocalPaths} from '../../../src/app/local-plugin-path.js'

const cwd = path.resolve('/work/plugins')
const exists = () => true

describe('plugins:install arguments that are local paths', () => {
  it('turns an existing path (./, ../, /, ~/, a tarball name) into file: and its absolute path', () => {
    assert.equal(installSpec('./du', cwd, exists), `file:${path.join(cwd, 'du')}`)
    assert.equal(installSpec('../du', cwd, exists), `file:${path.resolve(cwd, '..', 'du')}`)
    assert.equal(installSpec('/abs/x.tgz', cwd, exists), `file:${path.resolve('/abs/x.tgz')}`)
    assert.equal(installSpec('~/x.tgz', cwd, exists), `file:${path.join(homedir(), 'x.tgz')}`)
    assert.equal(installSpec('s3-plugin-du-0.1.0.tgz', cwd, exists), `file:${path.join(cwd, 's3-plugin-du-0.1.0.tgz')}`)
    assert.equal(installSpec('.', cwd, exists), `file:${cwd}`)
  })

  it('leaves npm names, GitHub slugs and URLs, file: specs and flags alone', () => {
    for (const arg of ['s3-plugin-du', '@scope/plugin', 'user/repo', 'https://github.com/u/r', 'file:/abs/x.tgz', '--force', '-v']) {
      assert.equal(installSpec(arg, cwd, exists), arg)
    }
  })

  it('refuses a path that does not exist, naming where it looked', () => {
    assert.throws(() => installSpec('./gone.tgz', cwd, () => false), {message: `cannot install ./gone.tgz: no such file or folder (${path.join(cwd, 'gone.tgz')})`})
  })

  it('rewrites the argv oclif runs next, in place', () => {
    const argv = ['--force', '/nonexistent-for-sure/but-not-a-path-check', 's3-plugin-du']
    assert.throws(() => rewriteLocalPaths(argv, cwd), /no such file or folder/)
    const ok = ['s3-plugin-du', '.', '--force']
    assert.deepEqual(rewriteLocalPaths(ok, process.cwd()), [process.cwd()])
    assert.deepEqual(ok, ['s3-plugin-du', `file:${process.cwd()}`, '--force'])
  })
})
