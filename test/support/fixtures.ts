/**
 * What integration tests share: a Storage for either test user, throw-away buckets and
 * folders, config files, and a way to run the real built CLI (bin/run.js) as a user would.
 */
import {type ChildProcess, spawn, type StdioOptions} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {S3Connection} from '../../src/lib/client/connection.js'
import type {ConnectionOptions} from '../../src/lib/settings/options.js'
import {Storage} from '../../src/lib/storage.js'
import {FaultProxy} from './fault-proxy.js'
import {ROOT, testServer, type TestServer} from './server.js'

export {testServer}

/** A bucket name no other test uses: lowercase, 3-63 characters. */
export function uniqueBucket(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
}

export function tempDir(prefix = 's3-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix))
}

export function connectionOptions(server: TestServer, user: 'owner' | 'other' = 'owner', extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  const who = user === 'owner' ? server.owner : server.other
  if (!who) throw new Error('this test needs the second user (S3_TEST_OTHER_ACCESS_KEY_ID)')
  return {
    access_key_id: who.accessKeyId,
    secret_access_key: who.secretAccessKey,
    endpoint: server.endpoint,
    region: server.region,
    retry: {limit: 3, interval: 0.05},
    ...extra,
  }
}

export async function makeStorage(user: 'owner' | 'other' = 'owner', extra: Partial<ConnectionOptions> = {}): Promise<Storage> {
  return new Storage(new S3Connection(connectionOptions(await testServer(), user, extra)))
}

/** Removes test buckets whatever state a test left them in (public ACL, objects, versions). */
export async function removeBuckets(storage: Storage, buckets: Iterable<string>): Promise<void> {
  for (const bucket of buckets) {
    await storage.bucketSetAcl(bucket, {'x-amz-acl': 'private'}).catch(() => {})
    await storage.bucketEmpty(bucket).catch(() => {})
    await storage.bucketDelete(bucket).catch(() => {})
  }
}

/** Writes an s3.yaml (seed layout: settings under `s3:`) into `dir` and returns its path. */
export async function writeConfig(dir: string, extra: Partial<ConnectionOptions> = {}, user: 'owner' | 'other' = 'owner'): Promise<string> {
  const options = connectionOptions(await testServer(), user, extra)
  const yaml = ['s3:', ...Object.entries(options).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)].join('\n') + '\n'
  const file = path.join(dir, 's3.yaml')
  writeFileSync(file, yaml, {mode: 0o600}) // a secret inside: others may not read it (or the CLI warns)
  return file
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** The environment the CLI runs with in tests: this one without AWS_* variables, plus `extra`. */
function cliEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env}
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name]
  return Object.assign(env, extra)
}

/** Starts the built CLI (`node bin/run.js ARGS`) as runCli does, giving the child process (for signals, stdio of its own). */
export function spawnCli(args: string[], opts: {cwd?: string; env?: NodeJS.ProcessEnv; stdio?: StdioOptions} = {}): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'bin', 'run.js'), ...args], {cwd: opts.cwd ?? tempDir(), env: cliEnv(opts.env), stdio: opts.stdio ?? 'pipe'})
}

/** Runs the built CLI (`node bin/run.js ARGS`) with a clean AWS environment. */
export function runCli(args: string[], opts: {cwd?: string; env?: NodeJS.ProcessEnv; input?: Buffer | string; timeoutMs?: number} = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run.js'), ...args], {cwd: opts.cwd ?? tempDir(), env: cliEnv(opts.env)})
  return outcomeOf(child, opts)
}

/** What a child process (spawned with piped stdio) printed and its exit code; killed after `timeoutMs`. */
export function outcomeOf(child: ChildProcess, opts: {input?: Buffer | string; timeoutMs?: number} = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (d) => out.push(d))
    child.stderr?.on('data', (d) => err.push(d))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString()})
    })
    if (opts.input !== undefined) child.stdin?.end(opts.input)
    else child.stdin?.end()
  })
}

/** What bucketFixture gives a describe block; the fields are set once its `before` hook ran. */
export interface BucketFixture {
  bucket: string
  /** A Storage of the owner. */
  storage: Storage
  /** A folder holding an s3.yaml of the owner, for running the CLI from. */
  configDir: string
}

/**
 * For the describe block it is called in: a bucket of its own (filled by `fill`), a Storage for
 * the owner and a folder with an s3.yaml; the bucket is removed after the block.
 */
export function bucketFixture(prefix: string, fill?: (storage: Storage, bucket: string) => Promise<unknown>): BucketFixture {
  const fixture = {bucket: uniqueBucket(prefix)} as BucketFixture
  before(async () => {
    fixture.storage = await makeStorage()
    await fixture.storage.bucketCreate(fixture.bucket)
    await fill?.(fixture.storage, fixture.bucket)
    fixture.configDir = tempDir()
    await writeConfig(fixture.configDir)
  })
  after(async () => {
    await removeBuckets(fixture.storage, [fixture.bucket])
    fixture.storage.close()
  })
  return fixture
}

/** What faultProxyFixture gives a describe block; the fields are set once its `before` hook ran. */
export interface FaultProxyFixture {
  proxy: FaultProxy
  /** A Storage of the owner that talks through the proxy. */
  storage: Storage
  /** A folder holding an s3.yaml of the owner whose endpoint is the proxy, for running the CLI from. */
  configDir: string
}

/**
 * For the describe block it is called in: a fault proxy in front of the test server, a Storage
 * and an s3.yaml that go through it (with `extra` settings, such as a short retry), the faults
 * cleared before each test and the proxy stopped after the block.
 */
export function faultProxyFixture(extra: Partial<ConnectionOptions> = {}): FaultProxyFixture {
  const fixture = {proxy: new FaultProxy()} as FaultProxyFixture
  before(async () => {
    const server = await testServer()
    const endpoint = await fixture.proxy.start(server.endpoint)
    fixture.storage = new Storage(new S3Connection(connectionOptions(server, 'owner', {...extra, endpoint})))
    fixture.configDir = tempDir('s3-proxied-')
    await writeConfig(fixture.configDir, {...extra, endpoint})
  })
  after(async () => {
    fixture.storage?.close()
    await fixture.proxy.stop()
  })
  beforeEach(() => fixture.proxy.clear())
  return fixture
}
