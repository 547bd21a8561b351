/**
 * A missing argument, in one line with the command's usage (`missing SOURCE. Usage: s3 sync
 * SOURCE DESTINATION [FLAGS]`) instead of oclif's paragraph listing the arguments and a note on
 * flags that take several values. Pure.
 */

/** An argument as the command declares it (oclif's Arg: only what the line needs). */
export interface ArgShape {
  required?: boolean
}

/** oclif's RequiredArgsError: the arguments that were missing. */
export function missingArgNames(error: Error): string[] | undefined {
  if (error.constructor.name !== 'RequiredArgsError') return undefined
  const args = (error as Error & {args?: Array<{name?: string}>}).args
  return args?.map((a) => (a.name ?? 'ARG').toUpperCase())
}

/** `s3 sync SOURCE DESTINATION [FLAGS]`: required arguments bare, optional ones in brackets. */
export function commandUsage(bin: string, command: string, args: Record<string, ArgShape>): string {
  const names = Object.entries(args).map(([name, arg]) => arg.required ? name.toUpperCase() : `[${name.toUpperCase()}]`)
  return [bin, command.replaceAll(':', ' '), ...names, '[FLAGS]'].join(' ')
}

/** The line: what is missing, then the usage. */
export function missingArgsLine(missing: string[], usage: string): string {
  const what = missing.length <= 1 ? missing.join('') : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`
  return `missing ${what}. Usage: ${usage}`
}
