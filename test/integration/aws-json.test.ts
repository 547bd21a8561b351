/**
 * aws-cli's JSON for bucket (and object) configurations, with /usr/bin/aws as the reference:
 * what `aws s3api put-...` stored, `s3 bucket:get-... --aws-json` prints as `aws s3api get-...`
 * does; a file of aws's JSON given to `s3 bucket:set-... --file` is what aws then reads back.
 */
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {promisify} from 'node:util'
import type {Storage} from '../../src/lib/storage.js'
import {S3Name} from '../../src/lib/types.js'
import {makeStorage, removeBuckets, runCli, tempDir, testServer, uniqueBucket, writeConfig} from '../support/fixtures.js'

const AWS = '/usr/bin/aws'

/** One document of aws's shape per configuration, with the aws commands and the option that carries it. */
const DOCS: {name: string; put: string; option: string; get: string; doc: object}[] = [
  {name: 'cors', put: 'put-bucket-cors', option: '--cors-configuration', get: 'get-bucket-cors',
    doc: {CORSRules: [{ID: 'web', AllowedHeaders: ['*'], AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['https://a.example'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000},
      {AllowedMethods: ['HEAD'], AllowedOrigins: ['*']}]}},
  {name: 'lifecycle', put: 'put-bucket-lifecycle-configuration', option: '--lifecycle-configuration', get: 'get-bucket-lifecycle-configuration',
    doc: {Rules: [{ID: 'tmp', Filter: {Prefix: 'tmp/'}, Status: 'Enabled', Expiration: {Days: 7}, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 2}}]}},
  {name: 'tagging', put: 'put-bucket-tagging', option: '--tagging', get: 'get-bucket-tagging',
    doc: {TagSet: [{Key: 'env', Value: 'test'}, {Key: 'team', Value: 'storage'}]}},
  {name: 'website', put: 'put-bucket-website', option: '--website-configuration', get: 'get-bucket-website',
    doc: {IndexDocument: {Suffix: 'index.html'}, ErrorDocument: {Key: 'error.html'},
      RoutingRules: [{Condition: {KeyPrefixEquals: 'docs/'}, Redirect: {ReplaceKeyPrefixWith: 'documents/'}}]}},
  {name: 'versioning', put: 'put-bucket-versioning', option: '--versioning-configuration', get: 'get-bucket-versioning',
    doc: {Status: 'Enabled', MFADelete: 'Disabled'}},
]

describe('aws-cli JSON for configurations (aws as the reference)', function () {
  this.timeout(120_000)
  let storage: Storage
  let dir: string
  let env: NodeJS.ProcessEnv
  let endpoint: string
  const buckets: string[] = []
  const s3 = (...args: string[]) => runCli([...args, '-c', path.join(dir, 's3.yaml')], {cwd: dir})
  const aws = async (...args: string[]) => {
    const {stdout} = await promisify(execFile)(AWS, ['--endpoint-url', endpoint, '--output', 'json', 's3api', ...args], {env})
    return stdout.trim() ? JSON.parse(stdout) as unknown : {}
  }
  async function newBucket(): Promise<string> {
    const bucket = uniqueBucket('awsjson')
    await storage.bucketCreate(bucket)
    buckets.push(bucket)
    return bucket
  }

  before(async function () {
    if (!existsSync(AWS)) this.skip()
    const server = await testServer()
    endpoint = server.endpoint
    env = {...process.env, AWS_ACCESS_KEY_ID: server.owner.accessKeyId, AWS_SECRET_ACCESS_KEY: server.owner.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null'}
    storage = await makeStorage()
    dir = tempDir('s3-awsjson-')
    await writeConfig(dir)
  })

  after(async () => {
    if (storage) await removeBuckets(storage, buckets)
    storage?.close()
  })

  for (const {name, put, option, get, doc} of DOCS) {
    it(`${name}: aws s3api ${put}, then s3 bucket:get-${name} --aws-json prints what aws ${get} prints`, async () => {
      const bucket = await newBucket()
      const file = path.join(dir, `${name}-aws-in.json`)
      await writeFile(file, JSON.stringify(doc))
      await aws(put, '--bucket', bucket, option, `file://${file}`)
      const r = await s3(`bucket:get-${name}`, bucket, '--aws-json')
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(JSON.parse(r.stdout), await aws(get, '--bucket', bucket))
    })

    it(`${name}: s3 bucket:set-${name} --file of aws's JSON, then aws s3api ${get} reads it back`, async () => {
      const bucket = await newBucket()
      const file = path.join(dir, `${name}-aws.json`)
      await writeFile(file, JSON.stringify(doc, null, 2))
      const r = await s3(`bucket:set-${name}`, bucket, '--file', file)
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(await aws(get, '--bucket', bucket), doc)
    })
  }

  it('object tagging both ways, and --data of aws\'s JSON', async () => {
    const bucket = await newBucket()
    const dataFile = path.join(dir, 'tagged.txt')
    await writeFile(dataFile, 'x')
    await storage.write(dataFile, new S3Name('tagged.txt', bucket))
    const tags = {TagSet: [{Key: 'state', Value: 'reviewed'}]}
    const set = await s3('object:set-tagging', `s3://${bucket}/tagged.txt`, '--data', JSON.stringify(tags))
    assert.equal(set.code, 0, set.stderr)
    assert.deepEqual(await aws('get-object-tagging', '--bucket', bucket, '--key', 'tagged.txt'), tags)
    const got = await s3('object:get-tagging', `s3://${bucket}/tagged.txt`, '--aws-json')
    assert.deepEqual(JSON.parse(got.stdout), tags)
  })

  it('our own shape is still taken, and --aws-json goes with no -o', async () => {
    const bucket = await newBucket()
    const ours = await s3('bucket:set-cors', bucket, '--data', '{"CORSRule":{"AllowedOrigin":"*","AllowedMethod":"GET"}}')
    assert.equal(ours.code, 0, ours.stderr)
    assert.deepEqual(await aws('get-bucket-cors', '--bucket', bucket), {CORSRules: [{AllowedOrigins: ['*'], AllowedMethods: ['GET']}]})
    const both = await s3('bucket:get-cors', bucket, '--aws-json', '-o', 'yaml')
    assert.equal(both.code, 2, both.stderr)
  })
})
