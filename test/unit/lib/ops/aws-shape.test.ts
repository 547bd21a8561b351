import assert from 'node:assert/strict'
import {fromAwsShape, isAwsShape, toAwsShape} from '../../../../src/lib/ops/aws-shape.js'
import {type BucketConfigSpec, findConfig} from '../../../../src/lib/ops/subresource-tables.js'

const spec = (name: string, scope: 'bucket' | 'object' = 'bucket'): BucketConfigSpec => findConfig(name, scope)!

describe('aws-cli JSON <-> the XML documents (aws-shape)', () => {
  it('cors: plural lists to repeated elements, numbers back as numbers', () => {
    const aws = {CORSRules: [{AllowedOrigins: ['https://a.example'], AllowedMethods: ['GET', 'PUT'], MaxAgeSeconds: 600}, {AllowedOrigins: ['*'], AllowedMethods: ['HEAD']}]}
    const xml = fromAwsShape(spec('cors'), aws)
    assert.deepEqual(xml, {CORSConfiguration: {CORSRule: [{AllowedOrigin: ['https://a.example'], AllowedMethod: ['GET', 'PUT'], MaxAgeSeconds: 600}, {AllowedOrigin: ['*'], AllowedMethod: ['HEAD']}]}})
    // As parsed from S3's answer: single elements are not lists, numbers are text.
    const parsed = {CORSConfiguration: {CORSRule: [{AllowedOrigin: 'https://a.example', AllowedMethod: ['GET', 'PUT'], MaxAgeSeconds: '600'}, {AllowedOrigin: '*', AllowedMethod: 'HEAD'}]}}
    assert.deepEqual(toAwsShape(spec('cors'), parsed), aws)
  })

  it('tagging: a list where the XML has a wrapper element (TagSet of Tag), for buckets and objects', () => {
    const aws = {TagSet: [{Key: 'team', Value: 'storage'}]}
    for (const s of [spec('tagging'), spec('tagging', 'object')]) {
      assert.deepEqual(fromAwsShape(s, aws), {Tagging: {TagSet: {Tag: [{Key: 'team', Value: 'storage'}]}}})
      assert.deepEqual(toAwsShape(s, {Tagging: {TagSet: {Tag: {Key: 'team', Value: 'storage'}}}}), aws)
      assert.deepEqual(toAwsShape(s, {Tagging: {TagSet: ''}}), {TagSet: []})
    }
  })

  it('lifecycle: Tags under And is a list, Tag under Filter stays one element; booleans', () => {
    const aws = {Rules: [
      {ID: 'a', Filter: {And: {Prefix: 'logs/', Tags: [{Key: 'k', Value: 'v'}]}}, Status: 'Enabled', Expiration: {Days: 30}},
      {ID: 'b', Filter: {Tag: {Key: 'k', Value: 'v'}}, Status: 'Enabled', Expiration: {ExpiredObjectDeleteMarker: true}, Transitions: [{Days: 1, StorageClass: 'GLACIER'}]},
    ]}
    const xml = fromAwsShape(spec('lifecycle'), aws)
    assert.deepEqual(xml, {LifecycleConfiguration: {Rule: [
      {ID: 'a', Filter: {And: {Prefix: 'logs/', Tag: [{Key: 'k', Value: 'v'}]}}, Status: 'Enabled', Expiration: {Days: 30}},
      {ID: 'b', Filter: {Tag: {Key: 'k', Value: 'v'}}, Status: 'Enabled', Expiration: {ExpiredObjectDeleteMarker: true}, Transition: [{Days: 1, StorageClass: 'GLACIER'}]},
    ]}})
    const parsed = {LifecycleConfiguration: {Rule: [
      {ID: 'a', Filter: {And: {Prefix: 'logs/', Tag: {Key: 'k', Value: 'v'}}}, Status: 'Enabled', Expiration: {Days: '30'}},
      {ID: 'b', Filter: {Tag: {Key: 'k', Value: 'v'}}, Status: 'Enabled', Expiration: {ExpiredObjectDeleteMarker: 'true'}, Transition: {Days: '1', StorageClass: 'GLACIER'}},
    ]}}
    assert.deepEqual(toAwsShape(spec('lifecycle'), parsed), aws)
  })

  it('notification: renamed elements (TopicArn -> Topic, Key -> S3Key) both ways', () => {
    const aws = {TopicConfigurations: [{Id: 'n', TopicArn: 'arn:aws:sns:::t', Events: ['s3:ObjectCreated:*'], Filter: {Key: {FilterRules: [{Name: 'prefix', Value: 'img/'}]}}}]}
    const xml = {NotificationConfiguration: {TopicConfiguration: [{Id: 'n', Topic: 'arn:aws:sns:::t', Event: ['s3:ObjectCreated:*'], Filter: {S3Key: {FilterRule: [{Name: 'prefix', Value: 'img/'}]}}}]}}
    assert.deepEqual(fromAwsShape(spec('notification'), aws), xml)
    assert.deepEqual(toAwsShape(spec('notification'), xml), aws)
  })

  it('versioning: MFADelete is MfaDelete; object lock: Days as a number', () => {
    assert.deepEqual(fromAwsShape(spec('versioning'), {Status: 'Enabled', MFADelete: 'Disabled'}), {VersioningConfiguration: {Status: 'Enabled', MfaDelete: 'Disabled'}})
    assert.deepEqual(toAwsShape(spec('versioning'), {VersioningConfiguration: {}}), {})
    assert.deepEqual(toAwsShape(spec('object-lock'), {ObjectLockConfiguration: {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'GOVERNANCE', Days: '1'}}}}),
      {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'GOVERNANCE', Days: 1}}})
  })

  it('tells aws\'s shape from ours by the top-level names', () => {
    assert.equal(isAwsShape(spec('cors'), {CORSRules: []}), true)
    assert.equal(isAwsShape(spec('cors'), {CORSRule: {AllowedOrigin: '*'}}), false)
    assert.equal(isAwsShape(spec('cors'), {CORSConfiguration: {CORSRule: {AllowedOrigin: '*'}}}), false)
    assert.equal(isAwsShape(spec('tagging'), {TagSet: [{Key: 'a', Value: '1'}]}), true)
    assert.equal(isAwsShape(spec('tagging'), {TagSet: {Tag: [{Key: 'a', Value: '1'}]}}), false)
    assert.equal(isAwsShape(spec('lifecycle'), {Rules: []}), true)
    assert.equal(isAwsShape(spec('lifecycle'), {Rule: {ID: 'x'}}), false)
    assert.equal(isAwsShape(spec('versioning'), {Status: 'Enabled', MFADelete: 'Disabled'}), true)
    assert.equal(isAwsShape(spec('policy'), {Version: '2012-10-17'}), false)
  })
})
