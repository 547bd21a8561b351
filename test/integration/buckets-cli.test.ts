/**
 * The bucket commands end to end (built CLI against RGW): create/exists/delete and their seed
 * aliases, --force, config round trips through JSON, YAML and XML files, bad input with one
 * line and its exit code, and interop with the AWS CLI in both directions.
 */
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import type {Storage} from '../../src/lib/storage.js'
import {makeStorage, removeBuckets, runCli, tempDir, testServer, type CliResult, uniqueBucket, writeConfig} from '../support/fixtures.js'

const AWS = '/usr/bin/aws'

/** One clear line on stderr, starting `s3: error:`, and the expected exit code. */
function failsWith(result: CliResult, code: number, message: RegExp): void {
  assert.equal(result.code, code, `exit ${result.code}: ${result.stderr}`)
  const lines = result.stderr.trim().split('\n')
  assert.equal(lines.length, 1, result.stderr)
  assert.match(lines[0], /^s3: error: /)
  assert.match(lines[0], message)
  assert.equal(result.stdout, '')
}

describe('bucket commands (CLI)', function () {
  this.timeout(120_000)
  let storage: Storage
  let dir: string
  let otherDir: string
  const created: string[] = []
  const s3 = (...args: string[]) => runCli(args, {cwd: dir})
  const s3In = (input: string, ...args: string[]) => runCli(args, {cwd: dir, input})
  const newBucket = async () => {
    const bucket = uniqueBucket('tc')
    await storage.bucketCreate(bucket)
    created.push(bucket)
    return bucket
  }

  before(async () => {
    storage = await makeStorage()
    dir = tempDir()
    otherDir = tempDir()
    await writeConfig(dir)
    await writeConfig(otherDir, {}, 'other')
  })

  after(async function () {
    this.timeout(120_000)
    await removeBuckets(storage, created)
    storage.connection.close()
  })

  describe('create, exists, delete', () => {
    it('creates, checks and deletes a bucket (exit 0/1 for exists)', async () => {
      const bucket = uniqueBucket('tc')
      created.push(bucket)
      assert.equal((await s3('bucket:create', bucket)).code, 0)
      const yes = await s3('bucket:exists', bucket)
      assert.deepEqual([yes.code, yes.stdout], [0, 'true\n'])
      assert.deepEqual(JSON.parse((await s3('bucket:exists', bucket, '--json')).stdout), {bucket, exists: true})
      const del = await s3('bucket:delete', bucket, '-v')
      assert.equal(del.code, 0, del.stderr)
      assert.match(del.stdout, new RegExp(`deleted bucket ${bucket}`))
      const no = await s3('bucket:exists', bucket)
      assert.deepEqual([no.code, no.stdout], [1, 'false\n'])
    })

    it('keeps the seed commands: create-bucket, list-buckets, delete-bucket, on the default bucket', async () => {
      const bucket = uniqueBucket('tc-seed')
      created.push(bucket)
      assert.equal((await s3('create-bucket', bucket)).code, 0)
      const listed = await s3('list-buckets', bucket)
      assert.match(listed.stdout, new RegExp(`^\\d{4}-\\S+ ${bucket}\\n$`))
      // BUCKET defaults to --bucket / default_bucket.
      assert.equal((await s3('bucket:exists', '--bucket', bucket)).code, 0)
      assert.equal((await s3('delete-bucket', '-b', bucket)).code, 0)
      assert.equal(await storage.bucketExists(bucket), false)
      const gone = await s3('list-buckets', bucket)
      assert.equal(gone.stdout, `${bucket} NOT FOUND\n`)
    })

    it('creates with --acl and --region us-east-1', async () => {
      const bucket = uniqueBucket('tc')
      created.push(bucket)
      const made = await s3('bucket:create', bucket, '--acl', 'public-read', '--region', 'us-east-1', '--json')
      assert.equal(made.code, 0, made.stderr)
      assert.deepEqual(JSON.parse(made.stdout), {bucket, created: true})
      assert.match(JSON.stringify(await storage.bucketGetAcl(bucket)), /AllUsers/)
    })

    it('sends --region as the LocationConstraint (RGW knows its zonegroup, "default", and refuses others)', async () => {
      const bucket = uniqueBucket('tc')
      created.push(bucket)
      assert.equal((await s3('bucket:create', bucket, '--region', 'default')).code, 0)
      assert.equal((await s3('bucket:get-location', bucket)).stdout, 'LocationConstraint: default\n')
      const elsewhere = uniqueBucket('tc')
      failsWith(await s3('bucket:create', elsewhere, '--region', 'eu-west-1'), 7, /InvalidLocationConstraint/)
      assert.equal(await storage.bucketExists(elsewhere), false)
    })

    it('rejects invalid names with the rule, sending nothing (exit 2)', async () => {
      for (const [name, rule] of [['my_bucket', /underscores/], ['ab', /3 to 63 characters/], ['MyBucket', /uppercase/]] as const) {
        failsWith(await s3('bucket:create', name), 2, rule)
      }
      failsWith(await s3('bucket:exists', 'a/b'), 2, /invalid bucket name "a\/b"/)
    })

    it('without BUCKET or default_bucket: a usage error', async () => {
      failsWith(await s3('bucket:create'), 2, /no bucket: give BUCKET, use --bucket, or set default_bucket/)
    })

    it('refuses a non-empty bucket (BucketNotEmpty, exit 7); --force empties objects, versions, markers and uploads', async () => {
      const bucket = await newBucket()
      await storage.bucketSetVersioning(bucket, {}, {Status: 'Enabled'})
      for (const body of ['1', '2']) await storage.connection.request({op: 't', method: 'PUT', bucket, key: 'k', body})
      await storage.connection.request({op: 't', method: 'DELETE', bucket, key: 'k'})
      await storage.connection.request({op: 't', method: 'POST', bucket, key: 'up', query: {uploads: ''}})
      failsWith(await s3('bucket:delete', bucket), 7, /BucketNotEmpty/)
      assert.equal(await storage.bucketExists(bucket), true)
      const forced = await s3('bucket:delete', bucket, '--force', '--json')
      assert.equal(forced.code, 0, forced.stderr)
      assert.deepEqual(JSON.parse(forced.stdout), {bucket, deleted: true, objectsDeleted: 3, uploadsAborted: 1})
      assert.equal(await storage.bucketExists(bucket), false)
    })

    it('another user\'s bucket: exists, delete, set and get fail with AccessDenied (exit 5), nothing changes', async () => {
      const bucket = await newBucket()
      const as = (...args: string[]) => runCli(args, {cwd: otherDir})
      failsWith(await as('bucket:exists', bucket), 5, /AccessDenied/)
      failsWith(await as('bucket:delete', bucket, '--force'), 5, /AccessDenied/)
      failsWith(await as('bucket:set-tagging', bucket, '--data', '{"TagSet":{"Tag":{"Key":"a","Value":"b"}}}'), 5, /AccessDenied/)
      failsWith(await as('bucket:get-acl', bucket), 5, /AccessDenied/)
      assert.equal(await storage.bucketExists(bucket), true)
      await assert.rejects(storage.bucketGetTagging(bucket))
    })
  })

  describe('bucket:get and bucket:get-versions', () => {
    it('prints one parsed page, with --param', async () => {
      const bucket = await newBucket()
      for (const key of ['a', 'b']) await storage.connection.request({op: 't', method: 'PUT', bucket, key, body: 'x'})
      const page = await s3('bucket:get', bucket, '--param', 'max-keys=1', '-o', 'json')
      assert.equal(page.code, 0, page.stderr)
      const doc = JSON.parse(page.stdout) as {ListBucketResult: {IsTruncated: string; Contents: {Key: string}}}
      assert.equal(doc.ListBucketResult.IsTruncated, 'true')
      assert.equal(doc.ListBucketResult.Contents.Key, 'a')
      const versions = await s3('bucket:get-versions', bucket, '-p', 'prefix=b')
      assert.equal(versions.code, 0, versions.stderr)
      assert.match(versions.stdout, /^ListVersionsResult:\n/)
      assert.match(versions.stdout, /Key: b\n/)
      assert.doesNotMatch(versions.stdout, /Key: a\n/)
      failsWith(await s3('bucket:get', bucket, '--param', '=x'), 2, /expected NAME=VALUE/)
    })
  })

  describe('configuration round trips', () => {
    const DOCS: Record<string, (bucket: string) => object> = {
      cors: () => ({CORSConfiguration: {CORSRule: [{AllowedOrigin: 'https://example.com', AllowedMethod: ['GET', 'PUT'], MaxAgeSeconds: '600'}, {AllowedOrigin: '*', AllowedMethod: 'HEAD'}]}}),
      lifecycle: () => ({LifecycleConfiguration: {Rule: {ID: 'tmp', Filter: {Prefix: 'tmp/'}, Status: 'Enabled', Expiration: {Days: '3'}}}}),
      policy: (bucket) => ({Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {AWS: ['arn:aws:iam:::user/other']}, Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`]}]}),
      'request-payment': () => ({RequestPaymentConfiguration: {Payer: 'Requester'}}),
      tagging: () => ({Tagging: {TagSet: {Tag: [{Key: 'a', Value: '1'}, {Key: 'b', Value: 'two words'}]}}}),
      versioning: () => ({VersioningConfiguration: {Status: 'Enabled', MfaDelete: 'Disabled'}}),
      website: () => ({WebsiteConfiguration: {IndexDocument: {Suffix: 'index.html'}}}),
      acl: () => ({}), // set from the bucket's own ACL below
    }

    for (const [name, doc] of Object.entries(DOCS)) {
      it(`${name}: --data, then get -o json / -o yaml / XML files fed back to set, and --file -`, async () => {
        const bucket = await newBucket()
        if (name !== 'acl') {
          const set = await s3(`bucket:set-${name}`, bucket, '--data', JSON.stringify(doc(bucket)))
          assert.equal(set.code, 0, set.stderr)
        }
        const json = await s3(`bucket:get-${name}`, bucket, '-o', 'json')
        assert.equal(json.code, 0, json.stderr)
        const value = JSON.parse(json.stdout)
        if (name !== 'acl') assert.deepEqual(value, doc(bucket))
        const files = {
          json: json.stdout,
          yaml: (await s3(`bucket:get-${name}`, bucket, '-o', 'yaml')).stdout,
          text: (await s3(`bucket:get-${name}`, bucket)).stdout, // text output is YAML too
        }
        for (const [ext, text] of Object.entries(files)) {
          const file = path.join(dir, `${name}-${bucket}.${ext === 'text' ? 'txt' : ext}`)
          writeFileSync(file, text)
          const back = await s3(`bucket:set-${name}`, bucket, '--file', file)
          assert.equal(back.code, 0, `${ext}: ${back.stderr}`)
          assert.deepEqual(JSON.parse((await s3(`bucket:get-${name}`, bucket, '-o', 'json')).stdout), value, ext)
        }
        if (name !== 'policy') {
          // The document as S3 itself answered it, as an XML file.
          await storage.bucketConfigGet(name, bucket)
          const xmlFile = path.join(dir, `${name}-${bucket}.xml`)
          writeFileSync(xmlFile, storage.response!.body)
          const back = await s3(`bucket:set-${name}`, bucket, '--file', xmlFile)
          assert.equal(back.code, 0, back.stderr)
          assert.deepEqual(JSON.parse((await s3(`bucket:get-${name}`, bucket, '-o', 'json')).stdout), value, 'xml')
        }
        const stdin = await s3In(files.json, `bucket:set-${name}`, bucket, '--file', '-')
        assert.equal(stdin.code, 0, stdin.stderr)
      })
    }

    it('delete-<config> removes it; getting it then is not found (exit 4)', async () => {
      const bucket = await newBucket()
      for (const name of ['cors', 'lifecycle', 'policy', 'tagging', 'website']) {
        assert.equal((await s3(`bucket:set-${name}`, bucket, '--data', JSON.stringify(DOCS[name](bucket)))).code, 0, name)
        const del = await s3(`bucket:delete-${name}`, bucket, '--json')
        assert.deepEqual(JSON.parse(del.stdout), {bucket, configuration: name, deleted: true})
        failsWith(await s3(`bucket:get-${name}`, bucket), 4, /NoSuch/)
      }
    })

    it('set-acl takes --acl and --grant-* instead of a document', async () => {
      const bucket = await newBucket()
      assert.equal((await s3('bucket:set-acl', bucket, '--acl', 'public-read')).code, 0)
      assert.match((await s3('bucket:get-acl', bucket)).stdout, /AllUsers/)
      assert.equal((await s3('bucket:set-acl', bucket, '--grant-full-control', 'id="owner"', '--grant-read', 'id="other"')).code, 0)
      const acl = (await s3('bucket:get-acl', bucket, '-o', 'json')).stdout
      assert.match(acl, /"ID": "other"/)
      assert.doesNotMatch(acl, /AllUsers/)
      failsWith(await s3('bucket:set-acl', bucket), 2, /needs --file PATH, --file - or --data TEXT \(or --acl/)
    })

    it('notification: get -o yaml fed back to set (with a topic made first)', async () => {
      const bucket = await newBucket()
      const name = uniqueBucket('topic')
      await storage.connection.request({op: 'test', method: 'POST', query: {Action: 'CreateTopic', Name: name}})
      const topic = `arn:aws:sns:default::${name}`
      try {
        const doc = {NotificationConfiguration: {TopicConfiguration: {Id: 'created', Topic: topic, Event: 's3:ObjectCreated:*'}}}
        assert.equal((await s3('bucket:set-notification', bucket, '--data', JSON.stringify(doc))).code, 0)
        const yaml = await s3('bucket:get-notification', bucket, '-o', 'yaml')
        const file = path.join(dir, `notification-${bucket}.yaml`)
        writeFileSync(file, yaml.stdout)
        const back = await s3('bucket:set-notification', bucket, '--file', file)
        assert.equal(back.code, 0, back.stderr)
        assert.deepEqual(JSON.parse((await s3('bucket:get-notification', bucket, '--json')).stdout), doc)
      } finally {
        await storage.connection.request({op: 'test', method: 'POST', query: {Action: 'DeleteTopic', TopicArn: topic}}).catch(() => {})
      }
    })

    it('location, logging, notification: what RGW answers', async () => {
      const bucket = await newBucket()
      assert.deepEqual(JSON.parse((await s3('bucket:get-location', bucket, '--json')).stdout), {LocationConstraint: 'default'})
      assert.deepEqual(JSON.parse((await s3('bucket:get-logging', bucket, '--json')).stdout), {BucketLoggingStatus: {}})
      assert.deepEqual(JSON.parse((await s3('bucket:get-notification', bucket, '--json')).stdout), {NotificationConfiguration: {}})
      failsWith(await s3('bucket:set-logging', bucket, '--data', `{"LoggingEnabled":{"TargetBucket":"${bucket}","TargetPrefix":"l/"}}`), 7, /MethodNotAllowed/)
    })
  })

  describe('bad configuration input: one line, an exit code, nothing changed', () => {
    let bucket: string
    const cors = {CORSConfiguration: {CORSRule: {AllowedOrigin: '*', AllowedMethod: 'GET'}}}
    const file = (name: string, text: string) => {
      const p = path.join(dir, name)
      writeFileSync(p, text)
      return p
    }
    const unchanged = async () => assert.deepEqual(await storage.bucketGetCors(bucket), cors)

    before(async () => {
      bucket = await newBucket()
      await storage.bucketSetCors(bucket, cors)
    })

    it('malformed XML, JSON and YAML files (exit 2, the file and the problem named)', async () => {
      failsWith(await s3('bucket:set-cors', bucket, '--file', file('bad.xml', '<CORSConfiguration><CORSRule></CORSConfiguration>')), 2, /bad\.xml: invalid XML: .*line 1/)
      failsWith(await s3('bucket:set-cors', bucket, '--file', file('bad.json', '{"CORSConfiguration": {')), 2, /bad\.json: invalid JSON: /)
      failsWith(await s3('bucket:set-cors', bucket, '--file', file('bad.yaml', 'CORSConfiguration:\n  - a\n  b: c\n')), 2, /bad\.yaml: invalid YAML: /)
      failsWith(await s3In('<<<', 'bucket:set-cors', bucket, '--file', '-'), 2, /stdin: invalid XML/)
      failsWith(await s3('bucket:set-cors', bucket, '--data', '{oops'), 2, /--data: invalid JSON/)
      await unchanged()
    })

    it('a missing file (exit 8) and no document at all (exit 2)', async () => {
      failsWith(await s3('bucket:set-cors', bucket, '--file', path.join(dir, 'nope.json')), 8, /cannot read .*nope\.json: no such file/)
      failsWith(await s3('bucket:set-cors', bucket), 2, /needs --file PATH, --file - or --data TEXT/)
      const both = await s3('bucket:set-cors', bucket, '--file', 'x', '--data', 'y')
      assert.equal(both.code, 2)
      await unchanged()
    })

    it('a policy that is not JSON, or given as XML, is refused before sending (exit 2)', async () => {
      failsWith(await s3('bucket:set-policy', bucket, '--file', file('policy.json', '{"Version": "2012-10-17", }')), 2, /policy\.json: invalid JSON/)
      failsWith(await s3('bucket:set-policy', bucket, '--data', '<Policy/>'), 2, /--data: a policy is JSON \(or YAML\), not XML/)
      await assert.rejects(storage.bucketGetPolicy(bucket))
    })

    it('a document the server rejects: its S3 code shown (exit 7)', async () => {
      failsWith(await s3('bucket:set-cors', bucket, '--data', '{"CORSRule":{"AllowedOrigin":"*","AllowedMethod":"FETCH"}}'), 7, /bucketSetCors \(s3:\/\/[^)]+\): MalformedXML/)
      failsWith(await s3('bucket:set-versioning', bucket, '--data', 'VersioningConfiguration: {Status: Sometimes}'), 7, /bucketSetVersioning .*: (InvalidArgument|MalformedXML)/)
      await unchanged()
    })
  })

  describe('interop with the AWS CLI', () => {
    let env: NodeJS.ProcessEnv
    let endpoint: string
    const aws = async (...args: string[]) => {
      const {stdout} = await promisify(execFile)(AWS, ['--endpoint-url', endpoint, '--output', 'json', 's3api', ...args], {env})
      return stdout.trim() ? JSON.parse(stdout) : {}
    }

    before(async function () {
      if (!existsSync(AWS)) this.skip()
      const server = await testServer()
      endpoint = server.endpoint
      env = {...process.env, AWS_ACCESS_KEY_ID: server.owner.accessKeyId, AWS_SECRET_ACCESS_KEY: server.owner.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null'}
    })

    it('configs set by s3 read back by aws s3api', async () => {
      const bucket = await newBucket()
      const set = async (name: string, data: object) => assert.equal((await s3(`bucket:set-${name}`, bucket, '--data', JSON.stringify(data))).code, 0, name)
      await set('cors', {CORSRule: {AllowedOrigin: 'https://a.example', AllowedMethod: ['GET', 'PUT']}})
      await set('tagging', {TagSet: {Tag: [{Key: 'team', Value: 'storage'}, {Key: 'env', Value: 'test'}]}})
      await set('versioning', {Status: 'Enabled'})
      await set('website', {IndexDocument: {Suffix: 'home.html'}})
      await set('lifecycle', {Rule: {ID: 'r', Filter: {Prefix: 'x/'}, Status: 'Enabled', Expiration: {Days: 5}}})
      await set('request-payment', {Payer: 'Requester'})
      const policy = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {AWS: ['arn:aws:iam:::user/other']}, Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`]}]}
      await set('policy', policy)
      assert.deepEqual((await aws('get-bucket-cors', '--bucket', bucket)).CORSRules, [{AllowedOrigins: ['https://a.example'], AllowedMethods: ['GET', 'PUT']}])
      const tags = (await aws('get-bucket-tagging', '--bucket', bucket)).TagSet as Array<{Key: string}>
      assert.deepEqual(tags.sort((x, y) => x.Key.localeCompare(y.Key)), [{Key: 'env', Value: 'test'}, {Key: 'team', Value: 'storage'}])
      assert.equal((await aws('get-bucket-versioning', '--bucket', bucket)).Status, 'Enabled')
      assert.deepEqual((await aws('get-bucket-website', '--bucket', bucket)).IndexDocument, {Suffix: 'home.html'})
      assert.equal((await aws('get-bucket-lifecycle-configuration', '--bucket', bucket)).Rules[0].Expiration.Days, 5)
      assert.equal((await aws('get-bucket-request-payment', '--bucket', bucket)).Payer, 'Requester')
      assert.deepEqual(JSON.parse((await aws('get-bucket-policy', '--bucket', bucket)).Policy), policy)
    })

    it('configs set by aws s3api read back by s3', async () => {
      const bucket = await newBucket()
      await aws('put-bucket-cors', '--bucket', bucket, '--cors-configuration', JSON.stringify({CORSRules: [{AllowedOrigins: ['*'], AllowedMethods: ['HEAD'], MaxAgeSeconds: 60}]}))
      await aws('put-bucket-tagging', '--bucket', bucket, '--tagging', JSON.stringify({TagSet: [{Key: 'k', Value: 'v'}]}))
      await aws('put-bucket-versioning', '--bucket', bucket, '--versioning-configuration', 'Status=Suspended')
      await aws('put-bucket-acl', '--bucket', bucket, '--acl', 'public-read')
      const get = async (name: string) => JSON.parse((await s3(`bucket:get-${name}`, bucket, '--json')).stdout)
      assert.deepEqual(await get('cors'), {CORSConfiguration: {CORSRule: {AllowedMethod: 'HEAD', AllowedOrigin: '*', MaxAgeSeconds: '60'}}})
      assert.deepEqual(await get('tagging'), {Tagging: {TagSet: {Tag: {Key: 'k', Value: 'v'}}}})
      assert.equal((await get('versioning')).VersioningConfiguration.Status, 'Suspended')
      assert.match(JSON.stringify(await get('acl')), /AllUsers/)
      // And what aws wrote, s3 writes back unchanged.
      const file = path.join(dir, `aws-cors-${bucket}.json`)
      writeFileSync(file, JSON.stringify(await get('cors')))
      assert.equal((await s3('bucket:set-cors', bucket, '--file', file)).code, 0)
      assert.equal((await aws('get-bucket-cors', '--bucket', bucket)).CORSRules[0].MaxAgeSeconds, 60)
      assert.ok(readFileSync(file, 'utf8').includes('HEAD'))
    })
  })
})
