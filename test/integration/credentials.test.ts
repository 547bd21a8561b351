/**
 * AWS's conventions for credentials and endpoints, through the built CLI with a temporary HOME:
 * the shared files and profiles, the precedence of flags, --config, environment, s3.yaml, the
 * per-user file and the AWS profile, credential_process (with refreshes), anonymous requests,
 * and config:show.
 */
import assert from 'node:assert/strict'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Readable} from 'node:stream'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, runCli, tempDir, testServer} from '../support/fixtures.js'
import type {TestServer} from '../support/server.js'

/** A HOME of its own, holding `files` (paths relative to it), mode 0600. */
function home(files: Record<string, string>): string {
  const dir = tempDir('s3-home-')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    writeFileSync(path.join(dir, name), text, {mode: 0o600})
  }
  return dir
}

function ini(sections: Record<string, Record<string, string>>): string {
  return Object.entries(sections).map(([name, values]) => `[${name}]\n` + Object.entries(values).map(([k, v]) => `${k} = ${v}\n`).join('')).join('')
}

describe('credentials and endpoints (AWS conventions)', function () {
  this.timeout(180_000)
  const fixture = bucketFixture('cred', async (storage, bucket) => {
    await storage.write(Readable.from([Buffer.from('public bytes')]), new S3Name('public.txt', bucket), {'x-amz-acl': 'public-read'})
    await storage.write(Readable.from([Buffer.from('private bytes')]), new S3Name('private.txt', bucket))
  })
  let server: TestServer
  let owner: Record<string, string>
  let wrong: Record<string, string>

  before(async () => {
    server = await testServer()
    owner = {aws_access_key_id: server.owner.accessKeyId, aws_secret_access_key: server.owner.secretAccessKey}
    wrong = {aws_access_key_id: 'AKIAWRONGWRONGWRONG', aws_secret_access_key: 'wrong-secret'}
  })

  /** `bucket:list --json` run with this HOME and environment; the names listed, or the exit code and error. */
  async function listing(homeDir: string, opts: {args?: string[]; cwd?: string; env?: NodeJS.ProcessEnv} = {}) {
    const r = await runCli(['bucket:list', '--json', ...opts.args ?? []], {cwd: opts.cwd ?? tempDir(), env: {HOME: homeDir, ...opts.env}})
    return {...r, names: r.code === 0 ? (JSON.parse(r.stdout) as {name: string}[]).map((b) => b.name) : []}
  }

  it('reads ~/.aws/credentials and ~/.aws/config: [default], region and endpoint_url, with no s3 file at all', async () => {
    const h = home({'.aws/credentials': ini({default: owner}), '.aws/config': ini({default: {region: server.region, endpoint_url: server.endpoint}})})
    const r = await listing(h)
    assert.equal(r.code, 0, r.stderr)
    assert.ok(r.names.includes(fixture.bucket))
  })

  it('takes a profile from --profile or AWS_PROFILE, and the files from AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE', async () => {
    const files = home({
      'elsewhere/creds': ini({default: wrong, dev: owner}),
      'elsewhere/conf': ini({default: {endpoint_url: server.endpoint}, 'profile dev': {services: 'rgw'}, 'services rgw': {}}) +
        `s3 =\n  endpoint_url = ${server.endpoint}\n`,
    })
    const env = {AWS_SHARED_CREDENTIALS_FILE: path.join(files, 'elsewhere/creds'), AWS_CONFIG_FILE: path.join(files, 'elsewhere/conf')}
    const h = home({})
    assert.equal((await listing(h, {env})).code, 5, 'the default profile holds wrong keys: access denied')
    const flag = await listing(h, {env, args: ['--profile', 'dev']})
    assert.equal(flag.code, 0, flag.stderr)
    assert.ok(flag.names.includes(fixture.bucket))
    assert.equal((await listing(h, {env: {...env, AWS_PROFILE: 'dev'}})).code, 0)
    const missing = await listing(h, {env, args: ['--profile', 'nope']})
    assert.equal(missing.code, 3)
    assert.match(missing.stderr, /^s3: error: profile "nope" not found in .*creds or .*conf\n$/)
  })

  describe('precedence, every pair of sources: flags > --config > s3.yaml > environment > per-user file > AWS profile', () => {
    type Source = 'flags' | 'config' | 'discovered' | 'env' | 'user' | 'profile'
    const order: Source[] = ['flags', 'config', 'discovered', 'env', 'user', 'profile']
    const refused = 'http://127.0.0.1:9'
    interface Run {home: Record<string, string>; cwd: string; args: string[]; env: NodeJS.ProcessEnv}
    /** Makes `source` give these keys (none for flags) and this endpoint. */
    function give(run: Run, source: Source, keys: Record<string, string>, endpoint: string): void {
      const yaml = `s3:\n  access_key_id: "${keys.aws_access_key_id}"\n  secret_access_key: "${keys.aws_secret_access_key}"\n  endpoint: "${endpoint}"\n  region: "${server.region}"\n  retry:\n    limit: 1\n`
      switch (source) {
        case 'flags': { run.args.push('--endpoint-url', endpoint); break }
        case 'config': { const file = path.join(tempDir(), 'my.yaml'); writeFileSync(file, yaml, {mode: 0o600}); run.args.push('--config', file); break }
        case 'discovered': { writeFileSync(path.join(run.cwd, 's3.yaml'), yaml, {mode: 0o600}); break }
        case 'env': { Object.assign(run.env, {AWS_ACCESS_KEY_ID: keys.aws_access_key_id, AWS_SECRET_ACCESS_KEY: keys.aws_secret_access_key, AWS_ENDPOINT_URL: endpoint, AWS_REGION: server.region}); break }
        case 'user': { run.home['.config/s3/config.yaml'] = yaml; break }
        case 'profile': { Object.assign(run.home, {'.aws/credentials': ini({default: keys}), '.aws/config': ini({default: {region: server.region, endpoint_url: endpoint}})}); break }
      }
    }
    async function outcome(higher: [Source, Record<string, string>, string], lower: [Source, Record<string, string>, string]) {
      const run: Run = {home: {}, cwd: tempDir(), args: [], env: {}}
      give(run, ...lower)
      give(run, ...higher)
      return listing(home(run.home), {cwd: run.cwd, args: run.args, env: run.env})
    }
    for (const [i, higher] of order.entries()) {
      for (const lower of order.slice(i + 1)) {
        it(`${higher} beats ${lower}`, async () => {
          // The higher source's endpoint is used, with its keys (flags have none: the lower source's keys go with it).
          const good = await outcome([higher, higher === 'flags' ? wrong : owner, server.endpoint], [lower, higher === 'flags' ? owner : wrong, refused])
          assert.equal(good.code, 0, good.stderr)
          assert.ok(good.names.includes(fixture.bucket))
          // The higher source's keys are used, though the lower one's would work: access denied.
          const denied = await outcome([higher, wrong, higher === 'flags' ? refused : server.endpoint], [lower, owner, server.endpoint])
          assert.equal(denied.code, higher === 'flags' ? 6 : 5, denied.stderr)
        })
      }
    }
  })

  it('the "no configuration" error names every place looked in, the per-user file too', async () => {
    const r = await listing(home({}), {env: {AWS_EC2_METADATA_DISABLED: 'true'}})
    assert.equal(r.code, 3)
    assert.match(r.stderr, /^s3: error: no configuration found: no s3.yaml or s3.yml in .* or above, no per-user ~\/\.config\/s3\/config\.yaml, no AWS_ACCESS_KEY_ID, no keys for profile default in ~\/\.aws\/credentials or ~\/\.aws\/config, and none from the AWS SDK chain \(.*\); pass --config PATH/)
    assert.equal(r.stderr.trimEnd().split('\n').length, 1)
  })

  it('credential_process: it is run, and run again when the credentials near their expiry', async () => {
    const dir = tempDir()
    const counter = path.join(dir, 'runs')
    const script = path.join(dir, 'creds.cjs')
    // Credentials valid for two more minutes: the SDK takes them as expiring (< 5 min) and asks again for each request.
    writeFileSync(script, `require('fs').appendFileSync(${JSON.stringify(counter)}, 'x')
process.stdout.write(JSON.stringify({Version: 1, AccessKeyId: ${JSON.stringify(server.owner.accessKeyId)}, SecretAccessKey: ${JSON.stringify(server.owner.secretAccessKey)},
  Expiration: new Date(Date.now() + 120000).toISOString()}))\n`)
    const h = home({'.aws/config': ini({'profile proc': {credential_process: `"${process.execPath}" "${script}"`, endpoint_url: server.endpoint}})})
    const r = await runCli(['object:put', '-', `s3://${fixture.bucket}/proc.bin`, '--profile', 'proc'], {env: {HOME: h}, input: Buffer.alloc(1024, 1)})
    assert.equal(r.code, 0, r.stderr)
    const again = await runCli(['object:get', `s3://${fixture.bucket}/proc.bin`, '-', '--profile', 'proc'], {env: {HOME: h}})
    assert.equal(again.code, 0, again.stderr)
    assert.equal(again.stdout.length, 1024)
    assert.ok(readFileSync(counter, 'utf8').length >= 4, 'asked again before each request: two commands, two requests at least each')
  })

  it('--no-sign-request reads a public-read object with no credentials at all, and is refused a private one', async () => {
    const h = home({})
    const env = {HOME: h, AWS_EC2_METADATA_DISABLED: 'true'}
    const pub = await runCli(['object:get', `s3://${fixture.bucket}/public.txt`, '-', '--no-sign-request', '--endpoint-url', server.endpoint], {env})
    assert.equal(pub.code, 0, pub.stderr)
    assert.equal(pub.stdout, 'public bytes')
    const priv = await runCli(['object:exists', `s3://${fixture.bucket}/private.txt`, '--no-sign-request', '--endpoint-url', server.endpoint], {env})
    assert.equal(priv.code, 5, priv.stderr)
  })

  describe('config:show', () => {
    it('prints each setting with its source, the secrets masked', async () => {
      const h = home({'.aws/credentials': ini({default: owner}), '.aws/config': ini({default: {region: 'eu-west-3', endpoint_url: server.endpoint}})})
      const cwd = tempDir()
      writeFileSync(path.join(cwd, 's3.yaml'), 's3:\n  default_bucket: "from-yaml"\n  concurrency: 3\n', {mode: 0o600})
      const r = await runCli(['config:show', '--region', 'us-east-1'], {cwd, env: {HOME: h, AWS_SESSION_TOKEN: 'x', HTTP_PROXY: 'http://u:proxypass@127.0.0.1:3128'}})
      assert.equal(r.code, 0, r.stderr)
      const lines = Object.fromEntries(r.stdout.trimEnd().split('\n').map((l) => {
        const [name, value, ...source] = l.split(/\s{2,}/)
        return [name, {value, source: source.join(' ')}]
      }))
      assert.equal(lines.region.value, 'us-east-1')
      assert.equal(lines.region.source, 'flag --region')
      assert.equal(lines.default_bucket.source, path.join(cwd, 's3.yaml'))
      assert.equal(lines.concurrency.value, '3')
      assert.equal(lines.endpoint.value, server.endpoint)
      assert.equal(lines.endpoint.source, 'profile default (~/.aws/config)')
      assert.equal(lines.access_key_id.value, '*'.repeat(server.owner.accessKeyId.length - 4) + server.owner.accessKeyId.slice(-4))
      assert.equal(lines.access_key_id.source, 'profile default (~/.aws/credentials)')
      assert.equal(lines.secret_access_key.value, '(set, hidden)')
      assert.equal(lines.proxy.value, 'http://u:****@127.0.0.1:3128')
      for (const secret of [server.owner.secretAccessKey, server.owner.accessKeyId, 'proxypass']) {
        assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'a secret is shown')
      }
    })

    it('--json gives {setting: {value, source}} for scripts', async () => {
      const r = await runCli(['config:show', '--json', '--no-sign-request', '--endpoint-url', server.endpoint], {env: {HOME: home({})}})
      assert.equal(r.code, 0, r.stderr)
      const shown = JSON.parse(r.stdout)
      assert.deepEqual(shown.endpoint, {value: server.endpoint, source: 'flag --endpoint-url'})
      assert.deepEqual(shown.credentials, {value: 'none (unsigned requests)', source: 'flag --no-sign-request'})
      assert.deepEqual(shown.region, {value: 'us-east-1', source: 'default'})
      assert.equal(shown.access_key_id, undefined)
      // The defaults every command would use, from the one table the connection applies.
      assert.deepEqual(shown.timeout, {value: 60, source: 'default'})
      assert.deepEqual(shown.concurrency, {value: 8, source: 'default'})
      assert.deepEqual(shown.part_size, {value: 16 * 1024 * 1024, source: 'default'})
      assert.deepEqual(shown.addressing_style, {value: 'auto', source: 'default'})
    })

    it('shows the s3.yaml of the folder as the source of its keys and endpoint, the environment only where the file is silent', async () => {
      const cwd = tempDir()
      writeFileSync(path.join(cwd, 's3.yaml'), `s3:\n  access_key_id: "AKIAFILEFILEFILE"\n  secret_access_key: "file-secret"\n  endpoint: "${server.endpoint}/gw"\n  default_bucket: "from-file"\n`, {mode: 0o600})
      const env = {AWS_ACCESS_KEY_ID: 'AKIAENVENVENVENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'eu-west-3', AWS_CA_BUNDLE: '/dev/null'}
      const r = await runCli(['config:show', '--json'], {cwd, env: {HOME: home({}), ...env}})
      assert.equal(r.code, 0, r.stderr)
      const shown = JSON.parse(r.stdout)
      const file = path.join(cwd, 's3.yaml')
      assert.deepEqual(shown.access_key_id, {value: '************FILE', source: file})
      assert.deepEqual(shown.endpoint, {value: `${server.endpoint}/gw`, source: file}, 'with its path')
      assert.deepEqual(shown.region, {value: 'us-east-1', source: 'default'}, 'not AWS_REGION: the region goes with the file\'s endpoint')
      assert.deepEqual(shown.ca_bundle, {value: '/dev/null', source: 'env AWS_CA_BUNDLE'})
      const aws = await runCli(['config:show', '--json', '--region', 'cn-north-1'], {env: {HOME: home({}), AWS_ACCESS_KEY_ID: 'AKIAENVENVENVENV', AWS_SECRET_ACCESS_KEY: 'x'}})
      assert.deepEqual(JSON.parse(aws.stdout).endpoint, {value: 'https://s3.cn-north-1.amazonaws.com.cn', source: 'default (AWS\'s S3 for region cn-north-1)'})
    })

    it('blames a bad region in ~/.aws/config on that file and profile, not on the environment', async () => {
      const h = home({'.aws/credentials': ini({dev: owner}), '.aws/config': ini({'profile dev': {region: 'bad region!', endpoint_url: server.endpoint}})})
      const r = await listing(h, {env: {AWS_PROFILE: 'dev'}})
      assert.equal(r.code, 3)
      assert.equal(r.stderr, 's3: error: profile dev (~/.aws/config): "region" must be a region name such as us-east-1, got "bad region!"\n')
    })
  })
})
