import assert from 'node:assert/strict'
import {BUCKET_CONFIGS, configOperations, findConfig, methodName, pascal} from '../../../../src/lib/ops/subresource-tables.js'
import {encodeBucketConfig} from '../../../../src/lib/ops/subresource-body.js'
import {Storage} from '../../../../src/lib/storage.js'
import {parseXml} from '../../../../src/lib/client/xml.js'

// The seed's method list (README "Storage Methods"), in TypeScript spelling.
const SEED_METHODS = [
  'bucketGetAcl', 'bucketGetCors', 'bucketGetLifecycle', 'bucketGetLocation', 'bucketGetLogging', 'bucketGetNotification',
  'bucketGetPolicy', 'bucketGetRequestPayment', 'bucketGetTagging', 'bucketGetVersioning', 'bucketGetVersions', 'bucketGetWebsite',
  'bucketSetAcl', 'bucketSetCors', 'bucketSetLifecycle', 'bucketSetLogging', 'bucketSetNotification', 'bucketSetPolicy',
  'bucketSetRequestPayment', 'bucketSetTagging', 'bucketSetVersioning', 'bucketSetWebsite',
  'bucketDeleteCors', 'bucketDeleteLifecycle', 'bucketDeletePolicy', 'bucketDeleteTagging', 'bucketDeleteWebsite',
  'bucketCreate', 'bucketDelete', 'bucketExists', 'bucketGet', 'bucketList', 'bucketListKeys',
]
// Added since (issue 22): object lock's bucket configuration.
const ADDED_METHODS = ['bucketGetObjectLock', 'bucketSetObjectLock']

describe('bucket configuration table', () => {
  it('derives exactly the seed\'s configuration methods, and they are on Storage', () => {
    const derived = configOperations().map(({op, spec}) => methodName(op, spec)).sort()
    assert.deepEqual(derived, [...SEED_METHODS.filter((m) => /^bucket(Get|Set|Delete)[A-Z]/.test(m) && m !== 'bucketGet'), ...ADDED_METHODS].sort())
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
