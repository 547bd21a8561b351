import assert from 'node:assert/strict'
import {S3Name, ValueError} from '../../../src/lib/types.js'

describe('S3Name', () => {
  it('parses s3://bucket/key: the key is everything after the bucket, as it is', () => {
    assert.deepEqual(S3Name.parse('s3://my-bucket/logs/a.log'), new S3Name('logs/a.log', 'my-bucket'))
    assert.deepEqual(S3Name.parse('s3://b/dir/'), new S3Name('dir/', 'b'))
    assert.deepEqual(S3Name.parse('s3://b/a b%20c/\n'), new S3Name('a b%20c/\n', 'b'))
    assert.equal(S3Name.parse('s3://b/k').toString(), 's3://b/k')
  })

  it('refuses what is not s3://bucket/key with a ValueError', () => {
    for (const bad of ['k', 'b/k', 's3://b', 's3://b/', 's3:///k', 'S3://b/k', '']) {
      assert.throws(() => S3Name.parse(bad), (e: Error) => e instanceof ValueError && e.message === `S3Name.parse: ${JSON.stringify(bad)} is not s3://bucket/key`, bad)
    }
  })
})
