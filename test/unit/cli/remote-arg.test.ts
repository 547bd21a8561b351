/** The CLI's grammar of remote names: s3://b/k, b/k, KEY with a default bucket, folder remotes. */
import assert from 'node:assert/strict'
import {downloadTarget, parseRemote, uploadTarget} from '../../../src/cli/remote-arg.js'

describe('remote names (CLI)', function () {
  it('reads s3://, bucket/key and plain keys', function () {
    assert.deepEqual(parseRemote('s3://b/k/x', null), {bucket: 'b', key: 'k/x'})
    assert.deepEqual(parseRemote('s3://b/k/x', 'dflt'), {bucket: 'b', key: 'k/x'}, 's3:// always names its bucket')
    assert.deepEqual(parseRemote('s3://b', null), {bucket: 'b', key: ''})
    assert.deepEqual(parseRemote('s3://b/', null), {bucket: 'b', key: ''})
    assert.deepEqual(parseRemote('s3://b/a//c/', null), {bucket: 'b', key: 'a//c/'})
    assert.deepEqual(parseRemote('b/k', null), {bucket: 'b', key: 'k'})
    assert.deepEqual(parseRemote('b/k', 'dflt'), {bucket: null, key: 'b/k'}, 'with a default bucket the argument is a key')
    assert.deepEqual(parseRemote('b', null), {bucket: 'b', key: ''})
    assert.throws(() => parseRemote('/k', null), /no bucket/)
    assert.throws(() => parseRemote('s3:///k', null), /names no bucket/)
  })

  it('refuses an empty remote name (an unset $KEY) instead of reading it as the default', function () {
    assert.throws(() => parseRemote('', 'dflt'), /remote name is empty/)
    assert.throws(() => parseRemote('', null), /remote name is empty/)
    assert.throws(() => uploadTarget('dir/a.txt', '', 'dflt'), /remote name is empty/, 'not "a.txt" in the default bucket')
  })

  it('appends the local base name to a folder remote, as aws-cli', function () {
    assert.deepEqual(uploadTarget('dir/a.txt', undefined, 'd'), {bucket: null, key: 'a.txt'})
    assert.deepEqual(uploadTarget('dir/a.txt', 's3://b/x/', null), {bucket: 'b', key: 'x/a.txt'})
    assert.deepEqual(uploadTarget('dir/a.txt', 's3://b', null), {bucket: 'b', key: 'a.txt'})
    assert.deepEqual(uploadTarget('dir/a.txt', 'x/y', 'd'), {bucket: null, key: 'x/y'})
    assert.throws(() => uploadTarget('-', undefined, 'd'), /stdin/)
    assert.throws(() => uploadTarget('-', 's3://b/x/', null), /folder/)
  })

  it('names downloads after the key, inside folders', function () {
    const isFolder = (p: string) => p === 'existing'
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, undefined, isFolder), 'b.txt')
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, 'out/', isFolder), 'out/b.txt')
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, 'existing', isFolder), 'existing/b.txt')
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, 'c.txt', isFolder), 'c.txt')
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, '-', isFolder), '-')
    assert.throws(() => downloadTarget({bucket: 'b', key: 'a/'}, undefined, isFolder), /give LOCAL/)
  })
})
