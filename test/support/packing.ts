/**
 * npm packing for the plugin and package tests: the example plugin as its author would
 * publish it, and this project's own tarball. Slow steps, so each test file does them once.
 */
import {execFile} from 'node:child_process'
import {cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {tempDir} from './fixtures.js'
import {ROOT} from './server.js'

export const run = promisify(execFile)
export const EXAMPLE = path.join(ROOT, 'examples', 's3-plugin-du')
export const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {name: string; version: string}
/** The library package (packages/lib), which the CLI package depends on. */
export const LIB_DIR = path.join(ROOT, 'packages', 'lib')
export const LIB_PKG = JSON.parse(readFileSync(path.join(LIB_DIR, 'package.json'), 'utf8')) as {name: string; version: string}

/** oclif's folders, private to one test: nothing lands in the real ~/.local/share/s3. */
export function cliEnv(dataDir: string): NodeJS.ProcessEnv {
  const base = path.dirname(dataDir)
  return {
    S3_DATA_DIR: dataDir,
    S3_CACHE_DIR: path.join(base, 'cache'),
    S3_CONFIG_DIR: path.join(base, 'config'),
    // oclif warns on each run that a linked ESM plugin cannot be transpiled; it is plain JS.
    OCLIF_DISABLE_LINKED_ESM_WARNING: '1',
  }
}

/**
 * A copy of the example outside this repo, as a plugin author's own folder, with
 * node_modules/s3-connector pointing at this CLI (what `npm link s3-connector` does).
 */
export function pluginWorkspace(): string {
  const dir = path.join(tempDir('s3-plugin-'), 's3-plugin-du')
  cpSync(EXAMPLE, dir, {recursive: true, filter: (src) => !/node_modules|\.tgz$|oclif\.manifest\.json$/.test(src)})
  mkdirSync(path.join(dir, 'node_modules'))
  symlinkSync(ROOT, path.join(dir, 'node_modules', PKG.name))
  return dir
}

/** `npm pack` of `dir` into a new folder; returns the tarball's path. */
export async function npmPack(dir: string): Promise<string> {
  const destination = tempDir('s3-pack-')
  await run('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], {cwd: dir, maxBuffer: 16 * 1024 * 1024})
  const [tarball] = readdirSync(destination).filter((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack made no tarball in ${dir}`)
  return path.join(destination, tarball)
}

/**
 * The tarballs of this project as they would be published: the library package, then the
 * CLI package. Until both are on the registry, an install of the CLI's tarball needs the
 * library's beside it (`npm install -g lib.tgz cli.tgz`), or npm would look for it there.
 */
export async function packProject(): Promise<{lib: string; cli: string}> {
  return {lib: await npmPack(LIB_DIR), cli: await npmPack(ROOT)}
}

/**
 * The example plugin's tarball, as its author publishes it: the manifest first (so the CLI
 * never imports the plugin's commands just to list them), then `npm pack`.
 */
export async function packPlugin(): Promise<string> {
  const dir = pluginWorkspace()
  await run(process.execPath, [path.join(ROOT, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], {cwd: dir})
  return npmPack(dir)
}
