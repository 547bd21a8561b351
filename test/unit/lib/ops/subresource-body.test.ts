import assert from 'node:assert/strict'
import {decodeBucketConfig, encodeBucketConfig, withRoot} from '../../../../src/lib/ops/subresource-body.js'
import {findConfig} from '../../../../src/lib/ops/subresource-tables.js'

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
    assert.deepEqual(await decodeBucketConfig(cors, Buffer.alloc(0)), {CORSConfiguration: {}})
    // an empty document is an empty object (jq .VersioningConfiguration.Status works); empty children stay ''
    assert.deepEqual(await decodeBucketConfig(cors, Buffer.from('<VersioningConfiguration xmlns="x"/>')), {VersioningConfiguration: {}})
    assert.deepEqual(await decodeBucketConfig(cors, Buffer.from('<R><Prefix/></R>')), {R: {Prefix: ''}})
    assert.deepEqual(await decodeBucketConfig(policy, Buffer.alloc(0)), {})
  })
})
