/** The CLI's grammar of remote names: s3://b/k, b/k, KEY with a default bucket, folder remotes. */
import assert from 'node:assert/strict'
import {downloadTarget, parseFileLocation, parseLocation, parseRemote, remoteSides, uploadTarget} from '../../../src/cli/remote-arg.js'

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

  it('reads a batch side: s3:// is a prefix ending in /, other names local unless remote by default', function () {
    assert.deepEqual(parseLocation('s3://b/p', false, 'd'), {kind: 's3', bucket: 'b', prefix: 'p/'})
    assert.deepEqual(parseLocation('s3://b', false, null), {kind: 's3', bucket: 'b', prefix: ''})
    assert.deepEqual(parseLocation('b/p/', false, null), {kind: 'local', dir: 'b/p/'})
    assert.deepEqual(parseLocation('p', true, 'd'), {kind: 's3', bucket: null, prefix: 'p/'}, 'a plain key of the default bucket')
    assert.deepEqual(parseLocation('b/p', true, null), {kind: 's3', bucket: 'b', prefix: 'p/'})
    assert.throws(() => parseLocation('', false, null), /empty argument/)
  })

  it('reads a single move\'s side: a folder (ends in /, or exists) or a key ending in / keeps the source\'s name', function () {
    const isFolder = (p: string) => p === 'existing'
    assert.deepEqual(parseFileLocation('dir/a.txt', null, isFolder), {kind: 'local', dir: 'dir', rel: 'a.txt'})
    assert.deepEqual(parseFileLocation('a.txt', null, isFolder), {kind: 'local', dir: '.', rel: 'a.txt'})
    assert.deepEqual(parseFileLocation('out/', null, isFolder), {kind: 'local', dir: 'out/', rel: ''})
    assert.deepEqual(parseFileLocation('existing', null, isFolder), {kind: 'local', dir: 'existing', rel: ''})
    assert.deepEqual(parseFileLocation('s3://b/x/y.txt', null, isFolder), {kind: 's3', bucket: 'b', prefix: 'x/', rel: 'y.txt'})
    assert.deepEqual(parseFileLocation('s3://b/x/', null, isFolder), {kind: 's3', bucket: 'b', prefix: 'x/', rel: ''})
    assert.throws(() => parseFileLocation('', null, isFolder), /empty argument/)
  })

  it('tells which side of sync or move is S3: s3://, else the side opposite a local path (BUCKET/KEY as put and get read it)', function () {
    const exists = (p: string) => p === 'tree' || p === 'both'
    assert.deepEqual(remoteSides('tree', 'b/sub/', exists), [false, true])
    assert.deepEqual(remoteSides('b/sub/', './out', exists), [true, false], 'a path written as one need not exist')
    assert.deepEqual(remoteSides('b/sub/', '/tmp/out', exists), [true, false])
    assert.deepEqual(remoteSides('~/out', 'b/k', exists), [false, true])
    assert.deepEqual(remoteSides('b/sub/', 's3://c/x/', exists), [false, true], 's3:// on one side: the other is local')
    assert.deepEqual(remoteSides('s3://b/x/', 's3://c/x/', exists), [true, true])
    assert.deepEqual(remoteSides('tree', 'both', exists), [false, false], 'both local: the sides\' check refuses it')
    assert.throws(() => remoteSides('b/sub/', 'out', exists), /neither "b\/sub\/" nor "out" is a local path: write the S3 side as s3:\/\/BUCKET\/PREFIX/)
    assert.throws(() => remoteSides('', 'out', exists), /empty argument/)
  })

  it('reads a single move\'s side as S3 when told so (BUCKET/KEY, or KEY in the default bucket)', function () {
    const isFolder = () => false
    assert.deepEqual(parseFileLocation('b/x/y.txt', null, isFolder, true), {kind: 's3', bucket: 'b', prefix: 'x/', rel: 'y.txt'})
    assert.deepEqual(parseFileLocation('x/y.txt', 'd', isFolder, true), {kind: 's3', bucket: null, prefix: 'x/', rel: 'y.txt'})
  })
})
