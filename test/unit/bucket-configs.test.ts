import assert from 'node:assert/strict'
import {BUCKET_CONFIGS, configOperations, findConfig, methodName, pascal} from '../../src/lib/storage/bucket-configs.js'
import {decodeBucketConfig, encodeBucketConfig, withRoot} from '../../src/lib/storage/bucket-config-body.js'
import {Storage} from '../../src/lib/storage/storage.js'
import {parseXml} from '../../src/lib/xml.js'

// The seed's method list (README "Storage Methods"), in TypeScript spelling.
const SEED_METHODS = [
  'bucketGetAcl', 'bucketGetCors', 'bucketGetLifecycle', 'bucketGetLocation', 'bucketGetLogging', 'bucketGetNotification',
  'bucketGetPolicy', 'bucketGetRequestPayment', 'bucketGetTagging', 'bucketGetVersioning', 'bucketGetVersions', 'bucketGetWebsite',
  'bucketSetAcl', 'bucketSetCors', 'bucketSetLifecycle', 'bucketSetLogging', 'bucketSetNotification', 'bucketSetPolicy',
  'bucketSetRequestPayment', 'bucketSetTagging', 'bucketSetVersioning', 'bucketSetWebsite',
  'bucketDeleteCors', 'bucketDeleteLifecycle', 'bucketDeletePolicy', 'bucketDeleteTagging', 'bucketDeleteWebsite',
  'bucketCreate', 'bucketDelete', 'bucketExists', 'bucketGet', 'bucketList', 'bucketListKeys',
]

describe('bucket configuration table', () => {
  it('derives exactly the seed\'s configuration methods, and they are on Storage', () => {
    const derived = configOperations().map(({op, spec}) => methodName(op, spec)).sort()
    assert.deepEqual(derived, SEED_METHODS.filter((m) => /^bucket(Get|Set|Delete)[A-Z]/.test(m) && m !== 'bucketGet').sort())
    for (const name of SEED_METHODS) assert.equal(typeof (Storage.prototype as unknown as Record<string, unknown>)[name], 'function', name)
  })

  it('generated methods keep the seed\'s argument order (headers first for acl and versioning)', () => {
    const proto = Storage.prototype as unknown as Record<string, (...a: unknown[]) => unknown>
    assert.equal(proto.bucketSetAcl.length, 3)
    assert.equal(proto.bucketSetVersioning.length, 3)
    assert.equal(proto.bucketSetCors.length, 2)
    assert.equal(proto.bucketGetVersions.length, 2)
    assert.equal(proto.bucketDeleteCors.length, 1)
    assert.equal(proto.bucketGetCors.name, 'bucketGetCors')
  })

  it('every row is complete: subresource, root for XML, a description; setters have examples or headers', () => {
    for (const spec of BUCKET_CONFIGS) {
      assert.ok(spec.subresource && spec.description && spec.title, spec.name)
      if (spec.format === 'xml') assert.ok('root' in spec && spec.root, spec.name)
      if (spec.set && spec.name !== 'acl') assert.ok('example' in spec, `${spec.name} has a help example`)
    }
    assert.equal(pascal('request-payment'), 'RequestPayment')
    assert.equal(findConfig('request-payment')?.subresource, 'requestPayment')
    assert.equal(findConfig('nope'), undefined)
  })

  it('every example parses and encodes to a document with the right root', async () => {
    for (const spec of BUCKET_CONFIGS) {
      if (!('example' in spec)) continue
      const body = encodeBucketConfig(spec, JSON.parse(spec.example))
      if (spec.format === 'json') assert.deepEqual(JSON.parse(body), JSON.parse(spec.example))
      else assert.ok(spec.root in await parseXml(body), `${spec.name}: ${body}`)
    }
  })
})

describe('configuration bodies', () => {
  const cors = findConfig('cors')!
  const policy = findConfig('policy')!

  it('adds the root element and S3 namespace when an object leaves them out', () => {
    const ns = 'CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
    assert.deepEqual(withRoot(cors, {CORSRule: {AllowedOrigin: '*'}}), {[ns]: {CORSRule: {AllowedOrigin: '*'}}})
    assert.deepEqual(withRoot(cors, {CORSConfiguration: {CORSRule: ''}}), {[ns]: {CORSRule: ''}})
    const given = {'CORSConfiguration xmlns="urn:x"': {}}
    assert.equal(withRoot(cors, given), given)
  })

  it('sends strings as they are, objects as XML', () => {
    assert.equal(encodeBucketConfig(cors, '<CORSConfiguration/>'), '<CORSConfiguration/>')
    assert.equal(encodeBucketConfig(cors, undefined), '')
    assert.match(encodeBucketConfig(cors, {CORSRule: {AllowedMethod: ['GET', 'PUT']}}), /^<\?xml[^>]*\?><CORSConfiguration xmlns="[^"]+"><CORSRule><AllowedMethod>GET<\/AllowedMethod><AllowedMethod>PUT<\/AllowedMethod><\/CORSRule><\/CORSConfiguration>$/)
  })

  it('checks policies are JSON objects before sending', () => {
    assert.equal(encodeBucketConfig(policy, '{"Version":"2012-10-17"}'), '{"Version":"2012-10-17"}')
    assert.equal(encodeBucketConfig(policy, {Version: '2012-10-17'}), '{"Version":"2012-10-17"}')
    assert.throws(() => encodeBucketConfig(policy, '{"Version": '), /the policy document is not valid JSON/)
    assert.throws(() => encodeBucketConfig(policy, '[1]'), /must be a JSON object/)
  })

  it('decodes answers with the root element kept, policies as JSON, empty bodies as empty documents', async () => {
    assert.deepEqual(await decodeBucketConfig(cors, Buffer.from('<CORSConfiguration xmlns="x"><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>')),
      {CORSConfiguration: {CORSRule: {AllowedOrigin: '*'}}})
    assert.deepEqual(await decodeBucketConfig(policy, Buffer.from('{"a":1}')), {a: 1})
    assert.deepEqual(await decodeBucketConfig(cors, Buffer.alloc(0)), {CORSConfiguration: ''})
    assert.deepEqual(await decodeBucketConfig(policy, Buffer.alloc(0)), {})
  })
})
