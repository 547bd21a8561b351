/**
 * The usage line, as the original tool's starts (`usage: s3 [-h] [-c CONFIG] [-v] [-b BUCKET]
 * ...`): shown by `s3 --help` and when options are given without a command. Pure.
 */
import type {FlagShape} from './argv.js'

/** The original's options first, in its order; then the others with a short form. */
const ORIGINAL_ORDER = ['config', 'verbose', 'bucket']

/** Sorts option names as the original lists them (-c -v -b), the others after in their order. */
export function byOriginalOrder(a: string, b: string): number {
  const rank = (name: string) => ORIGINAL_ORDER.includes(name) ? ORIGINAL_ORDER.indexOf(name) : ORIGINAL_ORDER.length
  return rank(a) - rank(b)
}

export function usageLine(bin: string, globalFlags: Record<string, FlagShape>): string {
  const options = Object.entries(globalFlags)
    .filter(([, flag]) => flag.char)
    .sort(([a], [b]) => byOriginalOrder(a, b))
    .map(([name, flag]) => flag.type === 'boolean' ? `[-${flag.char}]` : `[-${flag.char} ${name.toUpperCase()}]`)
  return `${bin} [-h] ${options.join(' ')} COMMAND [ARGS]...`
}

/** What `s3 -c s3.yaml` (options, no command) prints: the usage line, then why. */
export function missingCommandMessage(bin: string, globalFlags: Record<string, FlagShape>): string {
  return `usage: ${usageLine(bin, globalFlags)}\n${bin}: error: a command is missing; run "${bin} --help" for the list of commands\n`
}

/** A global option given last without its value (`s3 --config`): the usage line and which one. */
export function missingValueMessage(bin: string, globalFlags: Record<string, FlagShape>, option: string): string {
  return `usage: ${usageLine(bin, globalFlags)}\n${bin}: error: ${option} needs a value\n`
}
