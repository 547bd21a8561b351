import assert from 'node:assert/strict'
import {ConfigError, validateOptions} from '../../../../src/lib/settings/options.js'

describe('options (validation)', () => {
  it('validates constructor options with the same messages', () => {
    assert.throws(() => validateOptions({access_key_id: 'A', secret_access_key: 'S', concurrency: 0}, 'S3Connection'), /S3Connection: "concurrency" must be a whole number from 1 to 64, got 0/)
    assert.throws(() => validateOptions({access_key_id: 'A', secret_access_key: 'S', addressing_style: 'dns'}, 'S3Connection'), /auto, path or virtual/)
  })

  it('bounds every number, with the range in the message', () => {
    const bad: [string, unknown, RegExp][] = [
      ['timeout', 1e21, /"timeout" must be a number of seconds from 0.01 to 86400, got 1e\+21/],
      ['timeout', 0, /"timeout" must be/],
      ['part_size', 1024, /"part_size" must be a whole number of bytes from 5242880 to 5368709120, got 1024/],
      ['part_size', 6 * 1024 ** 3, /"part_size"/],
      ['multipart_threshold', 0.5, /"multipart_threshold" must be a whole number of bytes from 1/],
      ['multipart_threshold', 1e12, /"multipart_threshold"/],
      ['concurrency', Infinity, /"concurrency" must be a whole number from 1 to 64, got Infinity/],
      ['concurrency', 1000, /"concurrency"/],
      ['retry', {limit: 1e9}, /"retry.limit" must be a whole number \(0 = unlimited\) from 0 to 1000/],
      ['retry', {interval: 1e9}, /"retry.interval" must be a number of seconds from 0 to 3600/],
      ['retry', {interval: Number.NaN}, /"retry.interval"/],
    ]
    for (const [key, value, pattern] of bad) {
      assert.throws(() => validateOptions({access_key_id: 'A', secret_access_key: 'S', [key]: value}, 'f.yaml'), (e: unknown) => e instanceof ConfigError && pattern.test(e.message), key)
    }
    const good = {access_key_id: 'A', secret_access_key: 'S', timeout: 0.5, part_size: 5 * 1024 ** 2, multipart_threshold: 1, concurrency: 64, retry: {limit: 0, interval: 0}}
    assert.deepEqual(validateOptions(good, 'f.yaml'), good)
  })

  it('checks endpoint, region and default_bucket', () => {
    const check = (extra: object) => () => validateOptions({access_key_id: 'A', secret_access_key: 'S', ...extra}, 'f.yaml')
    assert.throws(check({endpoint: '127.0.0.1:99999'}), /f.yaml: invalid endpoint "127.0.0.1:99999"/)
    assert.throws(check({endpoint: 'ftp://files.example'}), /scheme must be http or https, not ftp/)
    assert.throws(check({endpoint: 'http://127.0.0.1:0'}), /a port is 1 to 65535/)
    assert.throws(check({region: 'us east'}), /"region" must be a region name/)
    assert.throws(check({default_bucket: 'ab'}), /f.yaml: "default_bucket": a bucket name must be 3 to 255/)
    assert.doesNotThrow(check({endpoint: 'http://127.0.0.1:7480', region: 'eu-west-1', default_bucket: 'Old_Bucket'}))
  })

  it('never prints the value of a secret, token or key, whatever its type', () => {
    const cases: Record<string, unknown> = {secret_access_key: 314159265358979, session_token: 27182818, access_key_id: ['AKIA12345']}
    for (const [key, value] of Object.entries(cases)) {
      assert.throws(() => validateOptions({access_key_id: 'A', secret_access_key: 'S', [key]: value}, 'f.yaml'), (e: unknown) => {
        assert.ok(e instanceof ConfigError)
        assert.match(e.message, new RegExp(`"${key}" must be a string, got a (number|list)`))
        assert.ok(!/314159|27182818|AKIA12345/.test(e.message), e.message)
        return true
      })
    }
  })

  it('knows only its own keys: __proto__, constructor and toString are unknown, at the top and under retry', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      // JSON.parse (as YAML loaders do) makes even "__proto__" an own key.
      const top = JSON.parse(`{"access_key_id": "a", "secret_access_key": "b", ${JSON.stringify(key)}: 1}`) as unknown
      assert.throws(() => validateOptions(top, 'f.yaml'), (e: Error) => e instanceof ConfigError && e.message.includes(`unknown key "${key}"`))
      const retry = JSON.parse(`{"access_key_id": "a", "secret_access_key": "b", "retry": {${JSON.stringify(key)}: 1}}`) as unknown
      assert.throws(() => validateOptions(retry, 'f.yaml'), (e: Error) => e instanceof ConfigError && e.message.includes(`unknown key "retry.${key}"`))
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })

  it('keeps messages short whatever the value: a huge list, string or key', () => {
    const huge = Array.from({length: 100_000}, () => 'lol')
    for (const raw of [{endpoint: huge}, {endpoint: 'http://h/?' + 'x'.repeat(1_000_000)}, {region: 'é'.repeat(1_000_000)}, {['k'.repeat(1_000_000)]: 1}, {retry: {status_codes: huge}}]) {
      assert.throws(() => validateOptions(raw, 'f.yaml', {keysRequired: false}), (e: Error) => e instanceof ConfigError && e.message.length < 400)
    }
  })
})
