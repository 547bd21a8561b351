import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {GENERATED_FILE, renderBucketMethods} from '../../../scripts/generate-bucket-methods.js'
import {configOperations, methodName} from '../../../src/lib/ops/subresource-tables.js'
import {Storage} from '../../../src/lib/storage.js'

describe('generated bucket configuration methods', () => {
  it('are up to date with the table', () => {
    assert.equal(readFileSync(GENERATED_FILE, 'utf8'), renderBucketMethods(),
      'src/lib/subresource-methods.ts is stale: run `npm run generate`')
  })

  it('give Storage one method per operation of the table', () => {
    const proto = Storage.prototype as unknown as Record<string, unknown>
    const operations = configOperations()
    assert.ok(operations.length > 0)
    for (const {op, spec} of operations) {
      const name = methodName(op, spec)
      assert.equal(typeof proto[name], 'function', `Storage.${name}`)
      assert.equal((proto[name] as () => unknown).name, name)
    }
    for (const {op, spec} of configOperations('object')) {
      const name = methodName(op, spec, 'object')
      assert.equal(typeof proto[name], 'function', `Storage.${name}`)
    }
    assert.deepEqual(configOperations('object').map(({op, spec}) => methodName(op, spec, 'object')),
      ['objectGetAcl', 'objectSetAcl', 'objectGetTagging', 'objectSetTagging', 'objectDeleteTagging',
        'objectGetRetention', 'objectSetRetention', 'objectGetLegalHold', 'objectSetLegalHold'])
  })
})
