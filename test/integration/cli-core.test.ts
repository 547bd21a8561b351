/**
 * The real CLI (bin/run.js, built) end to end: bucket:list in every output format, config
 * discovery, and the one-line errors and exit codes shared by every command.
 */
import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {S3Connection} from '../../src/lib/client/connection.js'
import {connectionOptions, runCli, tempDir, testServer, uniqueBucket, writeConfig} from '../support/fixtures.js'

describe('CLI core: bucket:list, config, errors, exit codes', function () {
  const buckets = [uniqueBucket('cli-a'), uniqueBucket('cli-b')]
  let dir: string
  let connection: S3Connection

  before(async function () {
    this.timeout(180_000)
    connection = new S3Connection(connectionOptions(await testServer()))
    for (const bucket of buckets) await connection.request({op: 'test', method: 'PUT', bucket})
    dir = tempDir()
    await writeConfig(dir)
  })

  after(async () => {
    for (const bucket of buckets) await connection.request({op: 'test', method: 'DELETE', bucket}).catch(() => {})
    connection.close()
  })

  it('lists buckets as `creation_date name` by default (the seed output)', async () => {
    const {code, stdout, stderr} = await runCli(['bucket:list'], {cwd: dir})
    assert.equal(code, 0, stderr)
    for (const bucket of buckets) assert.match(stdout, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+ ${bucket}$`, 'm'))
  })

  it('prints JSON alone on stdout with --json and -o json', async () => {
    for (const flags of [['--json'], ['-o', 'json']]) {
      const {code, stdout} = await runCli(['bucket:list', ...flags], {cwd: dir})
      assert.equal(code, 0)
      const parsed = JSON.parse(stdout) as {name: string; creationDate: string}[]
      for (const bucket of buckets) assert.ok(parsed.some((b) => b.name === bucket && b.creationDate))
    }
  })

  it('prints one JSON object per line with -o ndjson', async () => {
    const {stdout} = await runCli(['bucket:list', '-o', 'ndjson'], {cwd: dir})
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as {name: string})
    for (const bucket of buckets) assert.ok(lines.some((b) => b.name === bucket))
  })

  it('prints YAML and an aligned table', async () => {
    const yaml = await runCli(['bucket:list', '-o', 'yaml'], {cwd: dir})
    assert.match(yaml.stdout, new RegExp(`^- name: ${buckets[0]}\\n  creationDate: `, 'm'))
    const table = await runCli(['bucket:list', '-o', 'table'], {cwd: dir})
    const lines = table.stdout.trim().split('\n')
    assert.match(lines[0], /^NAME\s+CREATIONDATE$/)
    const row = lines.find((l) => l.startsWith(buckets[0] + ' '))
    assert.ok(row && row.indexOf(row.split(/\s+/)[1]) === lines[0].indexOf('CREATIONDATE'), 'columns aligned')
  })

  it('keeps the original\'s list-buckets: NAME NOT FOUND for a missing bucket, and success, as it did; bucket:list exits 4', async () => {
    const one = await runCli(['list-buckets', buckets[1]], {cwd: dir})
    assert.equal(one.code, 0)
    assert.equal(one.stdout.trim().split(' ')[1], buckets[1])
    for (const args of [['list-buckets', 'no-such-bucket-here'], ['-v', 'list-buckets', 'no-such-bucket-here']]) {
      const missing = await runCli(args, {cwd: dir})
      assert.deepEqual([missing.stdout, missing.code], ['no-such-bucket-here NOT FOUND\n', 0], args.join(' '))
    }
    const documented = await runCli(['bucket:list', 'no-such-bucket-here'], {cwd: dir})
    assert.deepEqual([documented.stdout, documented.code], ['no-such-bucket-here NOT FOUND\n', 4])
  })

  it('says a command is missing, with the usage line, when only options are given (exit 2)', async () => {
    for (const args of [['-c', 's3.yaml'], ['-v'], ['-c', 's3.yaml', '-v', '-b', 'x']]) {
      const r = await runCli(args, {cwd: dir})
      assert.equal(r.code, 2, args.join(' '))
      assert.equal(r.stdout, '')
      assert.equal(r.stderr, 'usage: s3 [-h] [-c CONFIG] [-v] [-b BUCKET] [-o OUTPUT] [-q] COMMAND [ARGS]...\ns3: error: a command is missing; run "s3 --help" for the list of commands\n')
    }
  })

  it('says which option lacks its value when one is given last with no command (s3 --config, s3 -v -c), exit 2', async () => {
    for (const [args, option] of [[['--config'], '--config'], [['-v', '-c'], '-c']] as const) {
      const r = await runCli([...args], {cwd: dir})
      assert.equal(r.code, 2, args.join(' '))
      assert.equal(r.stdout, '')
      assert.equal(r.stderr, `usage: s3 [-h] [-c CONFIG] [-v] [-b BUCKET] [-o OUTPUT] [-q] COMMAND [ARGS]...\ns3: error: ${option} needs a value\n`)
    }
  })

  it('--help starts as the original\'s: the usage line with the global options, then those options, then the commands', async () => {
    const r = await runCli(['--help'], {cwd: dir})
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /\$ s3 \[-h\] \[-c CONFIG\] \[-v\] \[-b BUCKET\]/)
    const at = (text: string) => r.stdout.indexOf(text)
    assert.ok(at('GLOBAL OPTIONS') > at('USAGE') && at('GLOBAL OPTIONS') < at('TOPICS') && at('TOPICS') < at('COMMANDS'), r.stdout)
    assert.ok(at('-c, --config') < at('-v, --verbose') && at('-v, --verbose') < at('-b, --bucket'), 'in the original\'s order')
  })

  it('-v shows results, never a stack trace (DEBUG does)', async () => {
    const missing = ['object:get', `s3://${buckets[0]}/no-such-key`, path.join(tempDir(), 'out'), '-v']
    const r = await runCli(missing, {cwd: dir})
    assert.notEqual(r.code, 0)
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr)
    const debug = await runCli(missing, {cwd: dir, env: {DEBUG: '1'}})
    assert.match(debug.stderr, /\n\s+at /)
  })

  it('finds s3.yaml from a sub-folder, or takes --config and AWS_* variables', async () => {
    const sub = path.join(dir, 'x', 'y')
    const {mkdirSync} = await import('node:fs')
    mkdirSync(sub, {recursive: true})
    assert.equal((await runCli(['bucket:list'], {cwd: sub})).code, 0)
    const elsewhere = tempDir()
    assert.equal((await runCli(['bucket:list', '--config', path.join(dir, 's3.yaml')], {cwd: elsewhere})).code, 0)
    const server = await testServer()
    const env = {AWS_ACCESS_KEY_ID: server.owner.accessKeyId, AWS_SECRET_ACCESS_KEY: server.owner.secretAccessKey, AWS_ENDPOINT_URL: server.endpoint}
    const fromEnv = await runCli(['bucket:list', '--json'], {cwd: elsewhere, env})
    assert.equal(fromEnv.code, 0, fromEnv.stderr)
    assert.ok((JSON.parse(fromEnv.stdout) as {name: string}[]).some((b) => b.name === buckets[0]))
  })

  it('answers every kind of failure with one line on stderr and its exit code', async () => {
    const server = await testServer()
    const cases: {name: string; args: string[]; cwd?: string; yaml?: string; code: number; pattern: RegExp}[] = [
      {name: 'no config', args: ['bucket:list'], cwd: tempDir(), code: 3, pattern: /no configuration found/},
      {name: 'missing --config file', args: ['bucket:list', '-c', '/nonexistent.yaml'], code: 3, pattern: /\/nonexistent.yaml: config file not found/},
      {name: 'bad YAML', args: ['bucket:list'], yaml: 's3:\n  access_key_id: [x\n', code: 3, pattern: /cannot parse/},
      {name: 'unknown key', args: ['bucket:list'], yaml: 's3:\n  access_key_id: a\n  secret_access_key: b\n  colour: red\n', code: 3, pattern: /unknown key "colour"/},
      {name: 'unknown flag', args: ['bucket:list', '--bogus'], code: 2, pattern: /Nonexistent flag: --bogus/},
      {name: 'bad output format', args: ['bucket:list', '-o', 'xml'], code: 2, pattern: /Expected --output=xml to be one of/},
      {name: 'wrong secret', args: ['bucket:list'], yaml: `s3:\n  access_key_id: "${server.owner.accessKeyId}"\n  secret_access_key: "wrong-secret-value"\n  endpoint: "${server.endpoint}"\n  retry: {limit: 1}\n`, code: 5, pattern: /SignatureDoesNotMatch/},
      {name: 'unknown access key', args: ['bucket:list'], yaml: `s3:\n  access_key_id: "NOSUCHKEY"\n  secret_access_key: "x"\n  endpoint: "${server.endpoint}"\n`, code: 5, pattern: /InvalidAccessKeyId/},
      {name: 'nothing listening', args: ['bucket:list'], yaml: 's3:\n  access_key_id: a\n  secret_access_key: b\n  endpoint: "http://127.0.0.1:9"\n  retry: {limit: 1}\n', code: 6, pattern: /ECONNREFUSED/},
    ]
    for (const c of cases) {
      let cwd = c.cwd ?? dir
      if (c.yaml) {
        cwd = tempDir()
        writeFileSync(path.join(cwd, 's3.yaml'), c.yaml, {mode: 0o600})
      }
      const {code, stdout, stderr} = await runCli(c.args, {cwd})
      assert.equal(code, c.code, `${c.name}: exit ${code}, stderr ${stderr}`)
      assert.equal(stdout, '', c.name)
      const lines = stderr.trim().split('\n')
      assert.equal(lines.length, 1, `${c.name}: one line, got ${stderr}`)
      assert.match(lines[0], /^s3: error: /, c.name)
      assert.match(lines[0], c.pattern, c.name)
    }
  })

  it('never shows the secret key, even with --verbose and an error', async () => {
    const server = await testServer()
    const cwd = tempDir()
    writeFileSync(path.join(cwd, 's3.yaml'), `s3:\n  access_key_id: "${server.owner.accessKeyId}"\n  secret_access_key: "wrong-secret-SHOULD-NOT-LEAK"\n  endpoint: "${server.endpoint}"\n  retry: {limit: 2, interval: 0.01, status_codes: [403]}\n`, {mode: 0o600})
    const failed = await runCli(['bucket:list', '-v'], {cwd})
    assert.ok(failed.code !== 0)
    assert.match(failed.stderr, /retry 1\/1 of bucketList/)
    assert.ok(!failed.stderr.includes('SHOULD-NOT-LEAK') && !failed.stdout.includes('SHOULD-NOT-LEAK'))
    const ok = await runCli(['bucket:list', '-v'], {cwd: dir})
    assert.ok(!ok.stderr.includes(server.owner.secretAccessKey) && !ok.stdout.includes(server.owner.secretAccessKey))
  })
})
