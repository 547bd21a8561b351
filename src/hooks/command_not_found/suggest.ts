/**
 * `s3 bucket:lst` -> one line on stderr naming the nearest command, and exit code 2 (usage
 * error, as for bad flags; see src/exit-codes.ts). Not 127: that is the shell's code for a
 * missing program, while here the program exists and its arguments are wrong.
 * An id typed with spaces (`s3 object pt`, kept so by src/app/argv.ts) gets its suggestion
 * with spaces too. A command that deletes is suggested only for a typo of its own name.
 */
import type {Hook} from '@oclif/core'
import {maySuggest} from '../../app/deleting-commands.js'
import {nearest} from '../../app/edit-distance.js'
import {EXIT} from '../../exit-codes.js'

const hook: Hook<'command_not_found'> = async function (options) {
  const {config} = options
  const separator = options.id.includes(' ') ? ' ' : config.topicSeparator
  const id = options.id.replaceAll(' ', ':')
  const names = new Set<string>()
  for (const command of config.commands) {
    if (command.hidden) continue
    names.add(command.id)
    for (const alias of command.aliases ?? []) names.add(alias)
  }
  for (const topic of config.topics) if (!topic.hidden) names.add(topic.name)
  // A command that deletes is never offered for a word of another verb (src/app/deleting-commands.ts).
  const match = nearest(id, [...names].filter((name) => maySuggest(id, name)))
  const hint = match
    ? `did you mean "${config.bin} ${match.replaceAll(':', separator)}"?`
    : `run "${config.bin} --help" for the list of commands`
  process.stderr.write(`${config.bin}: error: command "${id.replaceAll(':', separator)}" not found; ${hint}\n`)
  this.exit(EXIT.USAGE)
}

export default hook
