/**
 * Object sub-resources (OBJECT_CONFIGS): object:get-/set-/delete-tagging and object:get-/set-acl,
 * and the library's objectGetTagging... with versionId. Documents printed by the getters go
 * back into the setters as JSON and YAML files; ACLs are checked by what another user can do.
 */
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {StorageError} from '../../src/lib/errors.js'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, makeStorage, runCli, tempDir} from '../support/fixtures.js'

type Tag = {Key: string; Value: string}

function tagsOf(doc: unknown): Record<string, string> {
  const set = (doc as {Tagging: {TagSet?: {Tag: Tag | Tag[]} | ''}}).Tagging.TagSet
  if (!set) return {}
  return Object.fromEntries((Array.isArray(set.Tag) ? set.Tag : [set.Tag]).map((t) => [t.Key, t.Value]))
}

describe('object sub-resources: tagging and ACL', function () {
  const fixture = bucketFixture('objcfg')
  const at = (key: string) => new S3Name(key, fixture.bucket)
  const cli = (args: string[]) => runCli([...args, '-c', path.join(fixture.configDir, 's3.yaml')], {cwd: fixture.configDir})
  let dir: string

  before(async function () {
    dir = tempDir('s3-objcfg-')
    const file = path.join(dir, 'doc.txt')
    await writeFile(file, 'hello')
    await fixture.storage.write(file, at('doc.txt'))
  })

  it('set-tagging --data, get-tagging -o json, and back through JSON and YAML files', async function () {
    const set = await cli(['object:set-tagging', `s3://${fixture.bucket}/doc.txt`, '--data', '{"Tagging":{"TagSet":{"Tag":[{"Key":"a","Value":"1"},{"Key":"b","Value":"two words"}]}}}'])
    assert.equal(set.code, 0, set.stderr)
    const json = await cli(['object:get-tagging', `s3://${fixture.bucket}/doc.txt`, '-o', 'json'])
    assert.equal(json.code, 0, json.stderr)
    assert.deepEqual(tagsOf(JSON.parse(json.stdout)), {a: '1', b: 'two words'})
    for (const [format, name] of [['json', 'tags.json'], ['yaml', 'tags.yaml']]) {
      const got = await cli(['object:get-tagging', `s3://${fixture.bucket}/doc.txt`, '-o', format])
      await writeFile(path.join(dir, name), got.stdout)
      await fixture.storage.objectDeleteTagging(at('doc.txt'))
      assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('doc.txt'))), {})
      const back = await cli(['object:set-tagging', `s3://${fixture.bucket}/doc.txt`, '--file', path.join(dir, name)])
      assert.equal(back.code, 0, back.stderr)
      assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('doc.txt'))), {a: '1', b: 'two words'}, format)
    }
    const text = await cli(['object:get-tagging', `s3://${fixture.bucket}/doc.txt`])
    assert.match(text.stdout, /Key: b\n\s+Value: two words/)
  })

  it('delete-tagging removes the tags', async function () {
    await fixture.storage.objectSetTagging(at('doc.txt'), {TagSet: {Tag: {Key: 'gone', Value: 'soon'}}})
    const r = await cli(['object:delete-tagging', `s3://${fixture.bucket}/doc.txt`, '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(JSON.parse(r.stdout).deleted, true)
    assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('doc.txt'))), {})
  })

  it('set-acl --acl public-read lets another user read; the printed ACL goes back as private', async function () {
    const other = await makeStorage('other')
    try {
      await assert.rejects(other.head(at('doc.txt')), (e: StorageError) => e.status === 403)
      const before = await cli(['object:get-acl', `s3://${fixture.bucket}/doc.txt`, '-o', 'yaml'])
      assert.equal(before.code, 0, before.stderr)
      await writeFile(path.join(dir, 'private-acl.yaml'), before.stdout)
      const pub = await cli(['object:set-acl', `s3://${fixture.bucket}/doc.txt`, '--acl', 'public-read'])
      assert.equal(pub.code, 0, pub.stderr)
      assert.equal((await other.head(at('doc.txt'))).size, 5)
      assert.match(JSON.stringify(await fixture.storage.objectGetAcl(at('doc.txt'))), /AllUsers/)
      const back = await cli(['object:set-acl', `s3://${fixture.bucket}/doc.txt`, '--file', path.join(dir, 'private-acl.yaml')])
      assert.equal(back.code, 0, back.stderr)
      await assert.rejects(other.head(at('doc.txt')), (e: StorageError) => e.status === 403)
    } finally {
      other.close()
    }
  })

  it('--version-id: each version keeps its own tags (library and CLI)', async function () {
    await fixture.storage.bucketSetVersioning(fixture.bucket, {}, {VersioningConfiguration: {Status: 'Enabled'}})
    const file = path.join(dir, 'v.txt')
    await writeFile(file, 'one')
    const first = await fixture.storage.write(file, at('v.txt'), {'x-amz-tagging': 'v=1'})
    await writeFile(file, 'two')
    await fixture.storage.write(file, at('v.txt'), {'x-amz-tagging': 'v=2'})
    assert.ok(first.versionId)
    assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('v.txt'))), {v: '2'})
    assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('v.txt'), {versionId: first.versionId})), {v: '1'})
    const set = await cli(['object:set-tagging', `s3://${fixture.bucket}/v.txt`, `--version-id=${first.versionId!}`, '--data', 'TagSet: {Tag: {Key: v, Value: one}}'])
    assert.equal(set.code, 0, set.stderr)
    assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('v.txt'), {versionId: first.versionId})), {v: 'one'})
    assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('v.txt'))), {v: '2'})
  })

  it('usage errors: no document, a missing object', async function () {
    const none = await cli(['object:set-tagging', `s3://${fixture.bucket}/doc.txt`])
    assert.equal(none.code, 2)
    assert.match(none.stderr, /object:set-tagging needs --file PATH, --file - or --data TEXT/)
    const missing = await cli(['object:get-tagging', `s3://${fixture.bucket}/no-such-key`])
    assert.notEqual(missing.code, 0)
    assert.match(missing.stderr, /NoSuchKey/)
  })
})
