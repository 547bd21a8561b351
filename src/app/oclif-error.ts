/**
 * Errors that reach the entry point (bin/run.js) rather than S3Command.catch: those of oclif's
 * own commands (plugins:*, help), of parsing their flags, of loading. They get the one line and
 * the exit codes of our commands: `s3: error: ...` instead of oclif's boxed ` ›   Error:` and
 * help dump, the stack only with DEBUG.
 */
import {EXIT, exitCodeFor} from '../exit-codes.js'
import {oneLine} from '../cli/error-line.js'

export interface ErrorReport {
  /** The line for stderr; none when the error is a quiet exit (`this.exit(n)`). */
  line?: string
  exitCode: number
}

type OclifError = Error & {code?: string; oclif?: {exit?: number}}

export function reportOf(error: unknown): ErrorReport {
  if (!(error instanceof Error)) return {line: `s3: error: ${oneLine(String(error))}`, exitCode: EXIT.FAILURE}
  const {code, oclif} = error as OclifError
  if (code === 'EEXIT') return {exitCode: oclif?.exit ?? EXIT.FAILURE}
  if (error.message === 'SIGINT') return {line: 's3: error: interrupted by SIGINT', exitCode: EXIT.INTERRUPTED}
  // oclif's errors carry their code (2 for usage: unknown flags, unexpected arguments, unknown
  // plugins or packages); an exit of 1 there is oclif's default for "an error", which is ours too.
  const exitCode = typeof oclif?.exit === 'number' ? oclif.exit : exitCodeFor(error)
  return {line: `s3: error: ${oneLine(error.message)}`, exitCode}
}

/** Prints the report (and the stack with DEBUG) and ends the process with its code. */
export function exitWith(error: unknown): never {
  const {line, exitCode} = reportOf(error)
  if (line) process.stderr.write(line + '\n')
  if (line && process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n')
  process.exit(exitCode)
}
