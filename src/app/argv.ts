/**
 * The command line as users type it, made into the one oclif reads (oclif takes argv[0] as the
 * command id, and with `topicSeparator: ':'` knows ids only in the colon form):
 *
 * - global options given before the command (or between a topic and its command) move behind
 *   its id, with their values:
 *   `s3 -c s3.yaml -v put f` -> `s3 put -c s3.yaml -v f` (the original tool's order);
 * - a command named with spaces becomes its colon id: `s3 object put f k` -> `s3 object:put f k`,
 *   `s3 plugins install x` -> `s3 plugins:install x`, `s3 help object put` -> `s3 help object:put`;
 * - a topic followed by a word that names none of its commands (`s3 object pt f`) becomes the
 *   unknown id `object pt`, so the command_not_found hook answers (exit 2, the nearest
 *   command) instead of oclif showing the topic's help and exiting 0.
 *
 * Pure: the entry point (bin/run.js) hands in what oclif's Config knows, plugins included.
 * `--` and options that are not global are left where they are.
 */

/** What the argv step needs to know of a flag (oclif's flag definitions fit). */
export interface FlagShape {
  type: 'boolean' | 'option'
  char?: string
  allowNo?: boolean
}

export interface CommandLine {
  /** The options that may come before the command: S3Command.baseFlags. */
  globalFlags: Record<string, FlagShape>
  /** Every command id and alias, in the colon form, plugins' too. */
  commands: ReadonlySet<string>
  /** Every topic: a prefix shared by command ids (`bucket`, `object`, `plugins`). */
  topics: ReadonlySet<string>
  /** Whether the command takes positional arguments; a word after one that does not can only name a subcommand. */
  takesArguments: (id: string) => boolean
}

/** The shape of oclif's Config this needs (structural, so this module imports nothing of oclif). */
export interface LoadedCommands {
  commands: {id: string; aliases?: string[]; args?: Record<string, unknown>; strict?: boolean}[]
  topics: {name: string}[]
}

export function commandLineOf(config: LoadedCommands, globalFlags: Record<string, FlagShape>): CommandLine {
  const commands = new Set<string>()
  const withArguments = new Set<string>()
  for (const command of config.commands) {
    const takesArguments = command.strict === false || Object.keys(command.args ?? {}).length > 0
    for (const id of [command.id, ...command.aliases ?? []]) {
      commands.add(id)
      if (takesArguments) withArguments.add(id)
    }
  }
  return {globalFlags, commands, topics: new Set(config.topics.map((t) => t.name)), takesArguments: (id) => withArguments.has(id)}
}

export function normalizeArgv(argv: readonly string[], line: CommandLine): string[] {
  const moved: string[] = []
  const i = skipGlobalOptions(argv, 0, line, moved)
  // Nothing that names a command follows them (`s3 -v`, `s3 -v --help`): oclif answers as it would.
  if (!isWord(argv[i])) return [...argv]
  if (argv[i] === 'help') {
    const [subject, end] = commandIdAt(argv, i + 1, line, moved)
    return subject === undefined ? ['help', ...moved, ...argv.slice(i + 1)] : ['help', subject, ...moved, ...argv.slice(end)]
  }
  const [id, end] = commandIdAt(argv, i, line, moved)
  return [id!, ...moved, ...argv.slice(end)]
}

/** The command id that starts at argv[start] (words joined with ':'), and where its arguments begin. */
function commandIdAt(argv: readonly string[], start: number, line: CommandLine, moved: string[]): [string | undefined, number] {
  if (!isWord(argv[start])) return [undefined, start]
  let id = argv[start]
  let i = start + 1
  for (;;) {
    // Global options between a topic and its command (`s3 object -v put f`) move too.
    if (line.topics.has(id)) i = skipGlobalOptions(argv, i, line, moved)
    if (!isWord(argv[i])) break
    const joined = `${id}:${argv[i]}`
    if (line.commands.has(joined) || line.topics.has(joined)) {
      id = joined
      i++
      continue
    }
    // A topic that is no command (or one taking no arguments, like `plugins`), then a word: a
    // subcommand that does not exist. Kept with its space, as typed: no id has one.
    if (line.topics.has(id) && (!line.commands.has(id) || !line.takesArguments(id))) return [`${id.replaceAll(':', ' ')} ${argv[i]}`, i + 1]
    break
  }
  return [id, i]
}

/** Moves the global options at argv[i...] into `moved`; returns the index after them. */
function skipGlobalOptions(argv: readonly string[], i: number, line: CommandLine, moved: string[]): number {
  for (let taken = globalOptionLength(argv, i, line.globalFlags); taken > 0; taken = globalOptionLength(argv, i, line.globalFlags)) {
    moved.push(...argv.slice(i, i + taken))
    i += taken
  }
  return i
}

/** A command word or argument, not an option (`-` alone is stdin, an argument). */
function isWord(token: string | undefined): token is string {
  return token !== undefined && (token === '-' || !token.startsWith('-'))
}

/**
 * How many tokens at argv[i] make one global option with its value: `--config x`,
 * `--config=x`, `-c x`, `-cx`, `-c=x`, `-v`, `--no-FLAG` (allowNo), short booleans together
 * (`-vc x`, as oclif reads them); 0 when argv[i] is not (wholly) a global option.
 */
function globalOptionLength(argv: readonly string[], i: number, flags: Record<string, FlagShape>): number {
  const token = argv[i]
  if (token === undefined || token === '--' || !token.startsWith('-') || token === '-') return 0
  const hasValue = i + 1 < argv.length
  if (token.startsWith('--')) {
    const body = token.slice(2)
    const eq = body.indexOf('=')
    if (eq > 0) return flags[body.slice(0, eq)]?.type === 'option' ? 1 : 0
    const flag = flags[body]
    if (flag) return flag.type === 'boolean' ? 1 : (hasValue ? 2 : 0)
    const negated = body.startsWith('no-') ? flags[body.slice(3)] : undefined
    return negated?.type === 'boolean' && negated.allowNo ? 1 : 0
  }
  const byChar = new Map(Object.values(flags).filter((f) => f.char).map((f) => [f.char!, f]))
  for (let c = 1; c < token.length; c++) {
    const flag = byChar.get(token[c])
    if (!flag) return 0
    if (flag.type === 'option') return c + 1 < token.length ? 1 : (hasValue ? 2 : 0)
  }
  return 1
}

/**
 * The global option at the end of a command line of global options only that lacks its value
 * (`s3 --config`, `s3 -v -c`), as typed; undefined otherwise. oclif would take it for a command.
 */
export function optionMissingValue(argv: readonly string[], line: CommandLine): string | undefined {
  const at = skipGlobalOptions(argv, 0, line, [])
  if (at !== argv.length - 1) return undefined
  // With one more token it would be the option and its value.
  return globalOptionLength([...argv, 'VALUE'], at, line.globalFlags) > 1 ? argv[at] : undefined
}

/** Whether the command line is only global options, with no command (`s3 -c s3.yaml`, `s3 -v`). */
export function missingCommand(argv: readonly string[], line: CommandLine): boolean {
  return argv.length > 0 && skipGlobalOptions(argv, 0, line, []) === argv.length
}
