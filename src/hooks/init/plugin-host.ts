/**
 * Start-up hook: it runs before every command, so it does nothing but compare a command id
 * unless a `plugins` command is about to install something (see src/cli/host-package-link.ts),
 * or to link a folder whose package.json oclif would misreport (see src/cli/link-check.ts).
 * Only node: built-ins are imported here.
 */
import type {Hook} from '@oclif/core'

const INSTALLING = /^plugins(:(install|add|update|link|reset))?$/

const hook: Hook<'init'> = async function ({argv, config, id}) {
  if (!id || !INSTALLING.test(id)) return
  if (id === 'plugins:link') {
    const {linkProblem} = await import('../../cli/link-check.js')
    const problem = linkProblem(argv.find((arg) => !arg.startsWith('-')) ?? '.')
    if (problem) {
      const {EXIT} = await import('../../exit-codes.js')
      this.error(problem, {exit: EXIT.USAGE})
    }
  }
  const {linkHost} = await import('../../cli/host-package-link.js')
  await linkHost(config.dataDir, config.pjson.name, config.root)
}

export default hook
