import assert from 'node:assert/strict'
import {validateOptions} from '../../../src/lib/options.js'

describe('options (validation)', () => {
  it('validates constructor options with the same messages', () => {
    assert.throws(() => validateOptions({access_key_id: 'A', secret_access_key: 'S', concurrency: 0}, 'S3Connection'), /S3Connection: "concurrency" must be a positive number/)
    assert.throws(() => validateOptions({access_key_id: 'A', secret_access_key: 'S', addressing_style: 'dns'}, 'S3Connection'), /auto, path or virtual/)
  })
})
