/**
 * Start-up hook: it runs before every command, so it does nothing but compare a command id
 * unless a `plugins` command is about to install something (see src/app/host-package-link.ts;
 * local paths: src/app/local-plugin-path.ts), or to link a folder (whose package.json oclif
 * would misreport: src/app/link-check.ts; which needs the CLI and no install: linked-plugin.ts).
 * Only node: built-ins are imported here.
 */
import {statSync} from 'node:fs'
import path from 'node:path'
import type {Hook} from '@oclif/core'

const INSTALLING = /^plugins(:(install|add|update|link|reset))?$/

const hook: Hook<'init'> = async function ({argv, config, id}) {
  if (!id || !INSTALLING.test(id)) return
  const usageError = async (message: string) => {
    const {EXIT} = await import('../../exit-codes.js')
    this.error(message, {exit: EXIT.USAGE})
  }
  if (id === 'plugins:link') {
    const {linkProblem} = await import('../../app/link-check.js')
    const dir = argv.find((arg) => !arg.startsWith('-')) ?? '.'
    const problem = linkProblem(dir)
    if (problem) return usageError(problem)
    // oclif runs this very argv next: what is changed here is what it links.
    const {hasLockfile, provideHost} = await import('../../app/linked-plugin.js')
    provideHost(dir, config.pjson.name, config.root)
    if (!hasLockfile(dir) && !argv.some((arg) => /^--(no-)?install$/.test(arg))) argv.push('--no-install')
  }
  if (id === 'plugins:install' || id === 'plugins:add') {
    const {rewriteLocalPaths} = await import('../../app/local-plugin-path.js')
    let local: string[]
    try {
      local = rewriteLocalPaths(argv)
    } catch (error) {
      return usageError((error as Error).message)
    }
    // A folder goes in as its tarball: @oclif/plugin-plugins names a folder install after the
    // first folder among the data dir's dependencies, which is this CLI's own link.
    const {packFolder} = await import('../../app/local-plugin-path.js')
    for (const [i, arg] of argv.entries()) {
      const dir = arg.startsWith('file:') && local.includes(arg.slice('file:'.length)) ? arg.slice('file:'.length) : undefined
      if (dir && statSync(dir).isDirectory()) argv[i] = `file:${await packFolder(dir, path.join(config.cacheDir, 'plugin-packs'))}`
    }
  }
  const {linkHost} = await import('../../app/host-package-link.js')
  await linkHost(config.dataDir, config.pjson.name, config.root)
}

export default hook
