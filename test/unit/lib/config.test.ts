import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {loadConfig} from '../../../src/lib/config.js'
import {ConfigError} from '../../../src/lib/options.js'

const KEYS = 's3:\n  access_key_id: "AKID"\n  secret_access_key: "SECRET"\n'

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 's3-config-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`)
    assert.match(error.message, pattern)
    assert.ok(!error.message.includes('\n'), 'one line')
    return true
  })
}

describe('config (cosmiconfig + validation)', () => {
  const noEnv = {}

  it('finds s3.yaml in a parent folder and reads the seed keys under s3:', async () => {
    const dir = folder({'s3.yaml': KEYS + '  default_bucket: "bkt1"\n  region: "eu-west-1"\n  tls: false\n  retry:\n    limit: 2\n    interval: 0.1\n    status_codes: [104, 503]\n'})
    const {options, filepath} = await loadConfig({cwd: path.join(dir), env: noEnv})
    assert.equal(filepath, path.join(dir, 's3.yaml'))
    assert.deepEqual(options, {
      access_key_id: 'AKID', secret_access_key: 'SECRET', default_bucket: 'bkt1', region: 'eu-west-1', tls: false,
      retry: {limit: 2, interval: 0.1, status_codes: [104, 503]},
    })
    mkdirSync(path.join(dir, 'a', 'b'), {recursive: true})
    assert.equal((await loadConfig({cwd: path.join(dir, 'a', 'b'), env: noEnv})).filepath, path.join(dir, 's3.yaml'))
  })

  it('reads .s3rc.json, and package.json "s3"', async () => {
    const json = folder({'.s3rc.json': JSON.stringify({s3: {access_key_id: 'A', secret_access_key: 'S'}})})
    assert.equal((await loadConfig({cwd: json, env: noEnv})).options.access_key_id, 'A')
    const pkg = folder({'package.json': JSON.stringify({name: 'x', s3: {access_key_id: 'P', secret_access_key: 'S'}})})
    assert.equal((await loadConfig({cwd: pkg, env: noEnv})).options.access_key_id, 'P')
  })

  it('reads the file --config names, wherever it is', async () => {
    const dir = folder({'elsewhere/my.yaml': KEYS})
    const {filepath} = await loadConfig({configPath: path.join(dir, 'elsewhere/my.yaml'), env: noEnv})
    assert.equal(filepath, path.join(dir, 'elsewhere/my.yaml'))
  })

  it('lets AWS_* variables override the file, and work without one', async () => {
    const dir = folder({'s3.yaml': KEYS + '  region: "eu-west-1"\n'})
    const env = {AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'ENVSECRET', AWS_DEFAULT_REGION: 'us-west-2', AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2'}
    const {options} = await loadConfig({cwd: dir, env})
    assert.equal(options.access_key_id, 'ENVKEY')
    assert.equal(options.region, 'us-west-2')
    assert.equal(options.endpoint, 'http://127.0.0.1:2')
    const none = folder({})
    const fromEnv = await loadConfig({cwd: none, env: {AWS_ACCESS_KEY_ID: 'K', AWS_SECRET_ACCESS_KEY: 'S', AWS_REGION: 'ap-south-1'}})
    assert.equal(fromEnv.filepath, null)
    assert.equal(fromEnv.options.region, 'ap-south-1')
  })

  it('answers bad config with one line naming the file, key and problem', async () => {
    await rejects(loadConfig({cwd: folder({}), env: noEnv}), /no configuration found/)
    await rejects(loadConfig({configPath: '/nonexistent/s3.yaml', env: noEnv}), /\/nonexistent\/s3.yaml: config file not found/)
    const bad = folder({'s3.yaml': 's3:\n  access_key_id: [unclosed\n'})
    await rejects(loadConfig({cwd: bad, env: noEnv}), /s3.yaml|cannot parse/)
    const unknown = folder({'s3.yaml': KEYS + '  bukket: "x"\n'})
    await rejects(loadConfig({cwd: unknown, env: noEnv}), /s3.yaml: unknown key "bukket"/)
    const typed = folder({'s3.yaml': KEYS + '  tls: "yes"\n'})
    await rejects(loadConfig({cwd: typed, env: noEnv}), /"tls" must be true or false/)
    const retry = folder({'s3.yaml': KEYS + '  retry:\n    limit: -1\n'})
    await rejects(loadConfig({cwd: retry, env: noEnv}), /"retry.limit" must be a whole number/)
    const noSecret = folder({'s3.yaml': 's3:\n  access_key_id: "A"\n'})
    await rejects(loadConfig({cwd: noSecret, env: noEnv}), /missing "secret_access_key"/)
    const noSection = folder({'s3.yaml': 'access_key_id: "A"\n'})
    await rejects(loadConfig({cwd: noSection, env: noEnv}), /top-level "s3:" key/)
  })

  it('says why and where a file does not parse, never quoting it (a line may hold the secret)', async () => {
    const yaml = folder({'s3.yaml': 's3:\n  access_key_id: "A"\n  secret_access_key: [SEKRIT\n  region: x\n'})
    await assert.rejects(loadConfig({cwd: yaml, env: noEnv}), (error: Error) => {
      assert.match(error.message, /s3.yaml: cannot parse: missed comma between flow collection entries at line 4, column 3$/)
      assert.ok(!error.message.includes('SEKRIT'), error.message)
      return true
    })
    const json = folder({'.s3rc.json': '{"s3": {\n  "access_key_id": "A",\n  "secret_access_key": "SEKRIT" x}}'})
    await assert.rejects(loadConfig({cwd: json, env: noEnv}), (error: Error) => {
      assert.match(error.message, /\.s3rc\.json: cannot parse: Expected ',' or '}' after property value at line 3, column 33$/)
      assert.ok(!error.message.includes('SEKRIT'), error.message)
      return true
    })
    await rejects(loadConfig({configPath: path.join(yaml, 's3.yaml'), env: noEnv}), /^\/.*s3.yaml: cannot parse: .* at line 4/)
  })
})
