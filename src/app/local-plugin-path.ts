/**
 * `s3 plugins:install ./dir` or `/abs/x.tgz`: @oclif/plugin-plugins takes any argument with a
 * slash for a GitHub repository and fails about 70 s later. An argument that looks like a
 * path (it starts with `.`, `/` or `~`, or names a tarball) and exists is installed from
 * there, as `file:` and an absolute path, which npm installs at once; one that looks like a
 * path and does not exist is refused at once. `file:...`, npm names and GitHub slugs pass
 * unchanged. A folder is installed as the tarball `npm pack` makes of it as it is (its scripts
 * not run: build it first), a copy, as from the registry.
 */
import {execFile} from 'node:child_process'
import {existsSync, mkdirSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

const LOOKS_LIKE_PATH = /^(\.{1,2}(\/|\\|$)|\/|~(\/|\\|$)|[A-Za-z]:[\\/])|\.(tgz|tar\.gz|tar)$/

/** What to install for `arg`: `file:<absolute path>` for a local path, else `arg` itself; throws when a path does not exist. */
export function installSpec(arg: string, cwd = process.cwd(), exists: (p: string) => boolean = existsSync): string {
  if (arg.startsWith('-') || arg.startsWith('file:') || !LOOKS_LIKE_PATH.test(arg)) return arg
  const expanded = arg === '~' || /^~[\\/]/.test(arg) ? path.join(homedir(), arg.slice(1)) : arg
  const absolute = path.resolve(cwd, expanded)
  if (!exists(absolute)) throw new Error(`cannot install ${arg}: no such file or folder (${absolute})`)
  return `file:${absolute}`
}

/**
 * Rewrites the local paths among a `plugins:install` command's arguments in place (oclif runs
 * the same array); returns the absolute paths found.
 */
export function rewriteLocalPaths(argv: string[], cwd = process.cwd()): string[] {
  const local: string[] = []
  for (const [i, arg] of argv.entries()) {
    argv[i] = installSpec(arg, cwd)
    if (argv[i] !== arg) local.push(argv[i].slice('file:'.length))
  }
  return local
}

/** `npm pack` of DIR as it is (no scripts) into DESTINATION; returns the tarball's path. */
export async function packFolder(dir: string, destination: string): Promise<string> {
  mkdirSync(destination, {recursive: true})
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const {stdout} = await promisify(execFile)(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', destination, '--loglevel=error'], {cwd: dir, maxBuffer: 16 * 1024 * 1024})
  const [packed] = JSON.parse(stdout) as Array<{filename: string}>
  return path.join(destination, packed.filename)
}
