/**
 * The S3 server the integration tests talk to: the one named by S3_TEST_ENDPOINT (with keys),
 * or a private Ceph RGW that scripts/rgw.sh starts once per test run and stops at the end.
 * If it cannot start, every integration suite fails with the one line saying why.
 */
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

export interface TestUser {
  accessKeyId: string
  secretAccessKey: string
}

export interface TestServer {
  endpoint: string
  region: string
  owner: TestUser
  /** A second user, for permission tests (may be missing on an external server). */
  other?: TestUser
}

export const ROOT = path.resolve(import.meta.dirname, '..', '..')
const run = promisify(execFile)
let started: Promise<TestServer> | undefined
let rgwDir: string | undefined

export function testServer(): Promise<TestServer> {
  started ??= fromEnvironment() ?? startRgw()
  return started
}

function fromEnvironment(): Promise<TestServer> | undefined {
  const env = process.env
  if (!env.S3_TEST_ENDPOINT) return undefined
  if (!env.S3_TEST_ACCESS_KEY_ID || !env.S3_TEST_SECRET_ACCESS_KEY) {
    return Promise.reject(new Error('S3_TEST_ENDPOINT is set but S3_TEST_ACCESS_KEY_ID / S3_TEST_SECRET_ACCESS_KEY are not'))
  }
  const other = env.S3_TEST_OTHER_ACCESS_KEY_ID && env.S3_TEST_OTHER_SECRET_ACCESS_KEY
    ? {accessKeyId: env.S3_TEST_OTHER_ACCESS_KEY_ID, secretAccessKey: env.S3_TEST_OTHER_SECRET_ACCESS_KEY}
    : undefined
  return Promise.resolve({
    endpoint: env.S3_TEST_ENDPOINT,
    region: env.S3_TEST_REGION ?? 'us-east-1',
    owner: {accessKeyId: env.S3_TEST_ACCESS_KEY_ID, secretAccessKey: env.S3_TEST_SECRET_ACCESS_KEY},
    other,
  })
}

async function startRgw(): Promise<TestServer> {
  rgwDir = mkdtempSync(path.join(tmpdir(), 's3-test-rgw-'))
  try {
    await run('bash', [path.join(ROOT, 'scripts', 'rgw.sh'), 'start', rgwDir], {maxBuffer: 16 * 1024 * 1024})
  } catch (error) {
    const stderr = String((error as {stderr?: string}).stderr ?? '').trim().split('\n').pop()
    throw new Error(`cannot start the test S3 server (scripts/rgw.sh): ${stderr || (error as Error).message}`)
  }
  return JSON.parse(readFileSync(path.join(rgwDir, 'env.json'), 'utf8')) as TestServer
}

export async function stopTestServer(): Promise<void> {
  if (!rgwDir) return
  const dir = rgwDir
  rgwDir = undefined
  await run('bash', [path.join(ROOT, 'scripts', 'rgw.sh'), 'stop', dir]).catch(() => {})
  rmSync(dir, {recursive: true, force: true})
}
