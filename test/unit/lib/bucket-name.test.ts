import assert from 'node:assert/strict'
import {bucketNameProblem, checkBucketName} from '../../../src/lib/bucket-name.js'
import {ValueError} from '../../../src/lib/types.js'

describe('bucket names', () => {
  it('accepts valid names', () => {
    for (const name of ['abc', 'com-prometheus-my-bucket', 'a.b.c', '123', 'x'.repeat(63), 'my-bucket-1.example']) {
      assert.equal(bucketNameProblem(name), null, name)
    }
  })

  const cases: Array<[string, RegExp]> = [
    ['', /must not be empty/],
    ['ab', /3 to 63 characters long \(got 2\)/],
    ['x'.repeat(64), /3 to 63 characters long \(got 64\)/],
    ['my_bucket', /must not contain underscores/],
    ['MyBucket', /must not contain uppercase letters/],
    ['my bucket', /only hold lowercase letters, digits, dots and hyphens/],
    ['-bucket', /start and end with a lowercase letter or digit/],
    ['bucket-', /start and end/],
    ['.bucket', /start and end/],
    ['my..bucket', /two adjacent dots/],
    ['192.168.5.4', /IP address/],
    ['xn--bucket', /start with "xn--"/],
    ['sthree-bucket', /start with "sthree-"/],
    ['bucket-s3alias', /end with "-s3alias"/],
    ['bucket--ol-s3', /end with "--ol-s3"/],
  ]
  for (const [name, rule] of cases) {
    it(`rejects ${JSON.stringify(name)} naming the rule`, () => {
      assert.match(bucketNameProblem(name) ?? '', rule)
    })
  }

  it('legacy mode lets existing uppercase and underscore names through, nothing else', () => {
    assert.equal(bucketNameProblem('Old_Bucket', 'legacy'), null)
    assert.match(bucketNameProblem('ab', 'legacy') ?? '', /3 to 255/)
    assert.match(bucketNameProblem('a/b/c', 'legacy') ?? '', /only hold letters/)
  })

  it('checkBucketName throws a ValueError naming the bucket and the rule', () => {
    assert.throws(() => checkBucketName('my_bucket'), (e: unknown) => e instanceof ValueError && /invalid bucket name "my_bucket": a bucket name must not contain underscores/.test((e as Error).message))
    assert.equal(checkBucketName('fine-name'), 'fine-name')
  })
})
