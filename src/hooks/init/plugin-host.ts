/**
 * Start-up hook: it runs before every command, so it does nothing but compare a command id
 * unless a `plugins` command is about to install something (see src/cli/host-package-link.ts).
 * Only node: built-ins are imported here.
 */
import type {Hook} from '@oclif/core'

const INSTALLING = /^plugins(:(install|add|update|link|reset))?$/

const hook: Hook<'init'> = async function ({config, id}) {
  if (!id || !INSTALLING.test(id)) return
  const {linkHost} = await import('../../cli/host-package-link.js')
  await linkHost(config.dataDir, config.pjson.name, config.root)
}

export default hook
