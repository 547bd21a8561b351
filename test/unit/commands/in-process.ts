/**
 * Runs a command of the built CLI in this process with @oclif/test's runCommand, for command
 * tests that need no S3 server. Commands are registered from ./dist/commands/index.js (oclif's
 * explicit strategy), so these tests run the build: `npm run build` after changing src/.
 *
 * The base command reports a failure as one stderr line and sets process.exitCode (it does not
 * throw), so the exit code is read from process.exitCode and reset after each run. A server
 * that only counts connections stands in for the endpoint, to show that nothing was sent.
 */
import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {settings} from '@oclif/core'
import {runCommand} from '@oclif/test'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')

export const ACCESS_KEY = 'AK'
export const SECRET_KEY = 'SK-secret-never-printed'

export interface CommandResult {
  stdout: string
  stderr: string
  /** process.exitCode as the command left it (0 when unset). */
  exitCode: number
  /** An error runCommand caught (oclif's own exits); undefined when the command handled it. */
  error?: Error
}

export interface CliSandbox {
  /** An s3.yaml pointing at the counting endpoint, for `--config`. */
  config: string
  /** TCP connections the endpoint received so far. */
  connections(): number
  run(...args: string[]): Promise<CommandResult>
}

/** Registers before/after hooks for a describe block and returns its sandbox. */
export function cliSandbox(): CliSandbox {
  let dir = ''
  let server: net.Server | undefined
  let connections = 0
  let autoTranspile: boolean | undefined
  const savedEnv: Record<string, string | undefined> = {}

  const sandbox: CliSandbox = {
    config: '',
    connections: () => connections,
    async run(...args: string[]) {
      process.exitCode = undefined
      // NODE_ENV=production as for a user: under "test" oclif warns on stderr about commands
      // that failed before parsing ("did not parse its arguments").
      const {stdout, stderr, error} = await runCommand(args, {root: ROOT}, {testNodeEnv: 'production'})
      const exitCode = Number(process.exitCode ?? 0)
      process.exitCode = undefined
      return {stdout, stderr, exitCode, error}
    },
  }

  before(async function () {
    assert.ok(existsSync(path.join(ROOT, 'dist', 'commands', 'index.js')), 'command tests run the build: run `npm run build` first')
    server = net.createServer((socket) => {
      connections++
      socket.destroy()
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as net.AddressInfo
    dir = mkdtempSync(path.join(tmpdir(), 's3-unit-cli-'))
    sandbox.config = path.join(dir, 's3.yaml')
    writeFileSync(sandbox.config, `s3:\n  endpoint: "http://127.0.0.1:${port}"\n  access_key_id: "${ACCESS_KEY}"\n  secret_access_key: "${SECRET_KEY}"\n`, {mode: 0o600})
    // The user's environment must not reach the command: no AWS_* settings, no installed plugins.
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('AWS_') || name === 'S3_DATA_DIR') savedEnv[name] = process.env[name]
    }
    for (const name of Object.keys(savedEnv)) delete process.env[name]
    savedEnv.S3_DATA_DIR ??= undefined
    process.env.S3_DATA_DIR = path.join(dir, 'data')
    // As bin/run.js: run the compiled commands, never transpile src/ on the fly.
    autoTranspile = settings.enableAutoTranspile
    settings.enableAutoTranspile = false
  })

  after(async function () {
    settings.enableAutoTranspile = autoTranspile
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await new Promise((resolve) => server?.close(resolve))
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  return sandbox
}
