import assert from 'node:assert/strict'
import {mkdirSync} from 'node:fs'
import path from 'node:path'
import {connectionLimits, loadConfig} from '../../../../src/lib/settings/config.js'
import {ConfigError} from '../../../../src/lib/settings/options.js'
import {ValueError} from '../../../../src/lib/types.js'
import {folderWith} from '../../../support/folders.js'

const KEYS = 's3:\n  access_key_id: "AKID"\n  secret_access_key: "SECRET"\n'

const folder = (files: Record<string, string>): string => folderWith('s3-config-', files)

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`)
    assert.match(error.message, pattern)
    assert.ok(!error.message.includes('\n'), 'one line')
    return true
  })
}

describe('config (cosmiconfig + validation)', () => {
  // A HOME of its own: the real one (its ~/.aws, its per-user file) never plays a part.
  const noEnv = {HOME: folder({})}

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

  it('lets AWS_* variables complete the file, and work without one', async () => {
    const dir = folder({'s3.yaml': 's3:\n  default_bucket: "bkt1"\n'})
    const env = {HOME: folder({}), AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'ENVSECRET', AWS_DEFAULT_REGION: 'us-west-2', AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2'}
    const {options} = await loadConfig({cwd: dir, env})
    assert.equal(options.access_key_id, 'ENVKEY')
    assert.equal(options.region, 'us-west-2')
    assert.equal(options.endpoint, 'http://127.0.0.1:2')
    assert.equal(options.default_bucket, 'bkt1')
    const none = folder({})
    const fromEnv = await loadConfig({cwd: none, env: {HOME: folder({}), AWS_ACCESS_KEY_ID: 'K', AWS_SECRET_ACCESS_KEY: 'S', AWS_REGION: 'ap-south-1'}})
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
    // V8 quotes the text around a bad token: none of it may show.
    const token = folder({'.s3rc.json': '{"s3": {"secret_access_key": SEKRIT}}'})
    await rejects(loadConfig({cwd: token, env: noEnv}), /\.s3rc\.json: cannot parse: invalid JSON$/)
    await rejects(loadConfig({configPath: path.join(yaml, 's3.yaml'), env: noEnv}), /^\/.*s3.yaml: cannot parse: .* at line 4/)
  })
})

describe('config precedence (flags > --config > s3.yaml > env > per-user file > AWS profile)', () => {
  const yaml = (settings: Record<string, string>) => 's3:\n' + Object.entries(settings).map(([k, v]) => `  ${k}: "${v}"\n`).join('')
  /** A HOME with a per-user file and AWS shared files, and a project folder with an s3.yaml. */
  function setup() {
    const home = folder({
      '.config/s3/config.yaml': yaml({access_key_id: 'USER', secret_access_key: 'USERS', region: 'user-region', default_bucket: 'user-bucket', endpoint: 'http://user:1'}),
      '.aws/credentials': '[default]\naws_access_key_id = AWSDEF\naws_secret_access_key = AWSDEFS\n[dev]\naws_access_key_id = DEV\naws_secret_access_key = DEVS\n',
      '.aws/config': '[default]\nregion = aws-region\n[profile dev]\nregion = dev-region\nendpoint_url = http://dev:2\n',
    })
    const project = folder({'s3.yaml': yaml({access_key_id: 'PROJ', secret_access_key: 'PROJS', default_bucket: 'proj-bucket'}), 'other.yaml': yaml({access_key_id: 'EXPL', secret_access_key: 'EXPLS', region: 'expl-region'})})
    return {home, project, env: {HOME: home} as NodeJS.ProcessEnv}
  }

  it('merges setting by setting, each from the highest layer that has it, and says where from', async () => {
    const {home, project, env} = setup()
    const c = await loadConfig({cwd: project, env})
    assert.equal(c.options.access_key_id, 'PROJ')
    assert.equal(c.options.default_bucket, 'proj-bucket')
    assert.equal(c.options.region, 'user-region', 'the per-user file completes the project file')
    assert.equal(c.sources.region, path.join(home, '.config/s3/config.yaml'))
    assert.equal(c.sources.access_key_id, path.join(project, 's3.yaml'))
    assert.equal(c.filepath, path.join(project, 's3.yaml'))
    const userOnly = await loadConfig({cwd: folder({}), env})
    assert.equal(userOnly.options.access_key_id, 'USER')
    assert.equal(userOnly.filepath, path.join(home, '.config/s3/config.yaml'))
  })

  it('an explicit --config file beats a discovered file, which beats the environment', async () => {
    const {project, env} = setup()
    const withEnv = {...env, AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 'ENVS', AWS_REGION: 'ap-south-1', AWS_ENDPOINT_URL: 'http://env:9'}
    const discovered = await loadConfig({cwd: project, env: withEnv})
    assert.equal(discovered.options.access_key_id, 'PROJ')
    assert.equal(discovered.sources.credentials, path.join(project, 's3.yaml'))
    assert.equal(discovered.options.endpoint, undefined, 'an endpoint from below the keys\' file is not taken: AWS\'s, for its region')
    assert.equal(discovered.sources.region, 'env AWS_REGION', 'without an endpoint, the region may come from below')
    const explicit = await loadConfig({cwd: project, configPath: path.join(project, 'other.yaml'), env: withEnv})
    assert.equal(explicit.options.access_key_id, 'EXPL')
    assert.equal(explicit.options.region, 'expl-region')
    assert.equal(explicit.options.default_bucket, undefined, '--config replaces the search: no s3.yaml, no per-user file')
  })

  it('the AWS profile comes last: keys, region and endpoint_url when nothing above has them', async () => {
    const home = folder({
      '.aws/credentials': '[default]\naws_access_key_id = AWSDEF\naws_secret_access_key = AWSDEFS\n[dev]\naws_access_key_id = DEV\naws_secret_access_key = DEVS\n',
      '.aws/config': '[default]\nregion = aws-region\n[profile dev]\nregion = dev-region\nendpoint_url = http://dev:2\n',
    })
    const c = await loadConfig({cwd: folder({}), env: {HOME: home}})
    assert.equal(c.options.access_key_id, 'AWSDEF')
    assert.equal(c.options.region, 'aws-region')
    assert.equal(c.profile, 'default')
    assert.match(c.sources.access_key_id!, /^profile default \(~\/\.aws\/credentials\)$/)
    const dev = await loadConfig({cwd: folder({}), env: {HOME: home, AWS_PROFILE: 'dev'}})
    assert.deepEqual([dev.options.access_key_id, dev.options.region, dev.options.endpoint], ['DEV', 'dev-region', 'http://dev:2'])
    const project = folder({'s3.yaml': yaml({access_key_id: 'PROJ', secret_access_key: 'PROJS'})})
    const under = await loadConfig({cwd: project, env: {HOME: home, AWS_PROFILE: 'dev'}})
    assert.deepEqual([under.options.access_key_id, under.options.region], ['PROJ', 'dev-region'], 'AWS_PROFILE stays at its layer')
  })

  it('flags beat everything; --profile lifts its profile above the files and the environment', async () => {
    const {project, env} = setup()
    const withEnv = {...env, AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 'ENVS'}
    const c = await loadConfig({cwd: project, env: withEnv, flags: {profile: 'dev', region: 'flag-region'}})
    assert.equal(c.options.access_key_id, 'DEV')
    assert.equal(c.options.region, 'flag-region')
    assert.equal(c.sources.region, 'flag --region')
    assert.equal(c.options.endpoint, 'http://dev:2')
    const e = await loadConfig({cwd: project, env, flags: {endpointUrl: 'http://flag:3'}})
    assert.equal(e.options.endpoint, 'http://flag:3')
    assert.equal(e.sources.endpoint, 'flag --endpoint-url')
    await rejects(loadConfig({cwd: project, env, flags: {profile: 'nope'}}), /profile "nope" not found in .*credentials or .*config/)
    // A bad flag value is a usage error (exit 2), not a configuration error (exit 3).
    await assert.rejects(loadConfig({cwd: project, env, flags: {endpointUrl: 'ftp://x'}}), (e) => e instanceof ValueError && /^command line: invalid endpoint/.test(e.message))
    await assert.rejects(loadConfig({cwd: project, env, flags: {region: 'a b'}}), ValueError)
  })

  it('takes the keys and token from one layer, never mixed', async () => {
    const project = folder({'s3.yaml': yaml({access_key_id: 'PROJ', secret_access_key: 'PROJS'})})
    const c = await loadConfig({cwd: project, env: {HOME: folder({}), AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 'ENVS', AWS_SESSION_TOKEN: 'ENVTOKEN'}})
    assert.equal(c.options.access_key_id, 'PROJ')
    assert.equal(c.options.session_token, undefined)
    assert.deepEqual(await c.credentials(), {accessKeyId: 'PROJ', secretAccessKey: 'PROJS', sessionToken: undefined})
  })

  it('keeps the endpoint with the keys, and the region with the endpoint', async () => {
    const home = folder({})
    // The project names its server, the shell gives the keys: both taken, but not the shell's region.
    const server = folder({'s3.yaml': yaml({endpoint: 'http://rgw:7480'})})
    const env = {HOME: home, AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 'ENVS', AWS_REGION: 'eu-west-3', AWS_ENDPOINT_URL: 'http://env:9'}
    const a = await loadConfig({cwd: server, env})
    assert.deepEqual([a.options.endpoint, a.options.access_key_id, a.options.region], ['http://rgw:7480', 'ENV', undefined])
    // The project gives keys only: the shell's endpoint is not where they go.
    const keysOnly = folder({'s3.yaml': yaml({access_key_id: 'PROJ', secret_access_key: 'PROJS'})})
    const b = await loadConfig({cwd: keysOnly, env})
    assert.deepEqual([b.options.endpoint, b.options.access_key_id, b.options.region], [undefined, 'PROJ', 'eu-west-3'])
    // A flag may always complete what a file gives.
    const c = await loadConfig({cwd: keysOnly, env, flags: {endpointUrl: 'http://flag:1'}})
    assert.deepEqual([c.options.endpoint, c.sources.endpoint], ['http://flag:1', 'flag --endpoint-url'])
  })

  it('connectionLimits: the endpoint from the keys\' layer or above, the region from the endpoint\'s', () => {
    const none = {keys: false, endpoint: false}
    assert.deepEqual(connectionLimits([none, none]), {endpoint: Infinity, region: Infinity})
    assert.deepEqual(connectionLimits([none, {keys: true, endpoint: false}, {keys: false, endpoint: true}]), {endpoint: 1, region: Infinity})
    assert.deepEqual(connectionLimits([{keys: false, endpoint: true}, {keys: true, endpoint: true}]), {endpoint: 1, region: 0})
    assert.deepEqual(connectionLimits([none, {keys: false, endpoint: true}, {keys: true, endpoint: false}]), {endpoint: 2, region: 1})
  })

  it('--no-sign-request needs no credentials at all; --no-verify-ssl is warned about', async () => {
    const c = await loadConfig({cwd: folder({}), env: {HOME: folder({})}, flags: {noSignRequest: true, endpointUrl: 'http://127.0.0.1:1', noVerifySsl: true}})
    assert.equal(await c.credentials(), null)
    assert.equal(c.sources.credentials, 'flag --no-sign-request')
    assert.equal(c.options.verify_ssl, false)
    assert.match(c.warnings.join('\n'), /TLS certificate checks are off \(flag --no-verify-ssl\)/)
  })

  it('blames a bad value on where it was written: the AWS profile and its file, the variable', async () => {
    const home = folder({'.aws/credentials': '[dev]\naws_access_key_id = A\naws_secret_access_key = S\n', '.aws/config': '[profile dev]\nregion = bad region!\n'})
    await rejects(loadConfig({cwd: folder({}), env: {HOME: home, AWS_PROFILE: 'dev'}}), /^profile dev \(~\/\.aws\/config\): "region" must be a region name/)
    await rejects(loadConfig({cwd: folder({}), env: {HOME: home}, flags: {profile: 'dev'}}), /^profile dev \(~\/\.aws\/config\): "region"/)
    await rejects(loadConfig({cwd: folder({}), env: {HOME: folder({}), AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S', AWS_DEFAULT_REGION: 'no good'}}), /^env AWS_DEFAULT_REGION: "region" must be/)
  })

  it('names every place it looked in when nothing is configured, the per-user file too', async () => {
    await rejects(loadConfig({cwd: folder({}), env: {HOME: folder({})}}), /no configuration found: .* no per-user ~\/\.config\/s3\/config\.yaml, no AWS_ACCESS_KEY_ID, no keys for profile default in ~\/\.aws\/credentials/)
  })

  it('refuses a YAML alias bomb at once, in one line naming the file', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(i === 1 ? '*a' : `*l${i - 1}`).join(',')}]`)
    const dir = folder({'s3.yaml': levels.join('\n') + '\n' + KEYS + '  endpoint: *l9\n'})
    const started = Date.now()
    await rejects(loadConfig({cwd: dir, env: {}}), new RegExp(`^${path.join(dir, 's3.yaml')}: refused: more than 10000 values once its YAML aliases are expanded`))
    await rejects(loadConfig({configPath: path.join(dir, 's3.yaml'), env: {}}), /s3\.yaml: refused: more than 10000 values/)
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`)
  })

  it('refuses __proto__, constructor and toString under s3: and retry:, and ignores them at the top, polluting nothing', async () => {
    for (const key of ['__proto__', 'constructor', 'toString']) {
      await rejects(loadConfig({cwd: folder({'s3.yaml': KEYS + `  ${key}: {polluted: 1}\n`}), env: {}}), new RegExp(`unknown key "${key}"`))
      await rejects(loadConfig({cwd: folder({'s3.yaml': KEYS + `  retry:\n    ${key}: {polluted: 1}\n`}), env: {}}), new RegExp(`unknown key "retry.${key}"`))
      const {options} = await loadConfig({cwd: folder({'s3.yaml': `${key}: {polluted: 1, s3: {region: x}}\n` + KEYS}), env: {}})
      assert.equal(options.region, undefined)
    }
    await rejects(loadConfig({cwd: folder({'s3.yaml': '__proto__: {s3: {access_key_id: a, secret_access_key: b}}\n'}), env: {}}), /expected a top-level "s3:" key/)
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })
})
