/**
 * ObjectCommand, the base of the object commands, and what they share: --meta / --header
 * parsing, transfer tuning flags with sizes like 16MiB, and the progress bar. Remote names
 * are resolved by the base command.
 */
import {type Command} from '@oclif/core/command'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {DEFAULT_TRANSFER, S3Command} from '../../base-command.js'
import {objectOptionFlags, objectOptionHeaders} from '../../cli/object-options.js'
import {headerProblem} from '../../lib/headers.js'
import {type Headers, ValueError} from '../../lib/types.js'
import type {ProgressBar} from '../../output/progress.js'

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3,
}

/** '16MiB', '5m', '8 MB', '1048576' -> bytes (k/m/g alone are binary, as in aws-cli); 0 only where `zero` allows it (find --larger 0). */
export function parseSize(text: string, zero = false): number {
  const m = text.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*([a-z]*)$/)
  const unit = m ? SIZE_UNITS[m[2]] : undefined
  if (!m || unit === undefined || !(Number(m[1]) > 0 || (zero && Number(m[1]) === 0))) throw new ValueError(`invalid size "${text}": use bytes or a unit, e.g. 16MiB, 8MB, 5m`)
  return Math.round(Number(m[1]) * unit)
}

const sizeFlag = Flags.custom<number>({parse: async (input) => parseSize(input), helpValue: 'SIZE'})

/** '10MiB', '500KiB/s', '1.5MB' -> bytes per second: a size per second, at least 1 KiB. */
export function parseRate(text: string): number {
  const rate = parseSize(text.replace(/\/s$/i, ''))
  if (rate < 1024) throw new ValueError(`rate "${text}" is below 1KiB per second`)
  return rate
}

/**
 * --limit-rate: one cap for every byte the command moves, all files and parts together, up and
 * down. A setting (max_bandwidth), so it reaches the connection through the configuration.
 */
export const limitRateFlag = Flags.custom<number>({
  parse: async (input) => parseRate(input),
  helpValue: 'RATE',
  description: 'at most RATE bytes per second for the whole command, all files and parts together, both ways, e.g. 10MiB, 500KiB (default: max_bandwidth, unlimited)',
})()

export const metaFlag = Flags.string({description: 'metadata as KEY=VALUE, sent as x-amz-meta-KEY (repeatable)', multiple: true, helpValue: 'KEY=VALUE', char: 'm'})
export const headerFlag = Flags.string({description: 'raw request header as NAME:VALUE, e.g. "Cache-Control: max-age=60" (repeatable)', multiple: true, helpValue: 'NAME:VALUE', char: 'H'})

/** A size as the size flags take it: 16777216 -> '16MiB'. */
function sizeText(bytes: number): string {
  const unit = (['GiB', 'MiB', 'KiB'] as const).find((name) => bytes % SIZE_UNITS[name.toLowerCase()] === 0)
  return unit ? `${bytes / SIZE_UNITS[unit.toLowerCase()]}${unit}` : String(bytes)
}

// No oclif `default`: an absent flag leaves the value to the config, whose default this is.
export const tuningFlags = {
  'multipart-threshold': sizeFlag({description: `go multipart at or above this size (default: multipart_threshold, ${sizeText(DEFAULT_TRANSFER.multipart_threshold)})`}),
  'part-size': sizeFlag({description: `multipart part size (default: part_size, ${sizeText(DEFAULT_TRANSFER.part_size)}; grown to fit 10000 parts)`}),
  concurrency: Flags.integer({description: `parts in flight (default: concurrency, ${DEFAULT_TRANSFER.concurrency})`, min: 1, max: 64}),
}

/** --part-size and --concurrency as downloads (get, and the downloads of get -r) read them. */
export const rangeFlags = {
  'part-size': sizeFlag({description: `bytes per ranged GET of a download above one part (default: part_size, ${sizeText(DEFAULT_TRANSFER.part_size)})`}),
  concurrency: Flags.integer({description: `ranges in flight per download (default: concurrency, ${DEFAULT_TRANSFER.concurrency})`, min: 1, max: 64}),
}

/** The one object a command works on (get, exists, stat, presign, the object sub-resources...). */
export const remoteArg = Args.string({description: 'remote name: KEY, BUCKET/KEY or s3://BUCKET/KEY', required: true})
export const progressFlag = Flags.boolean({description: 'show a progress bar on stderr when it is a terminal', default: true, allowNo: true})
export const versionFlag = Flags.string({description: 'a given version of the object (versioned buckets)', helpValue: 'VERSION_ID'})

/** The flags of a command that reads one object's headers (exists, stat): which version, raw headers, its SSE-C key. */
export const headFlags = {
  'version-id': versionFlag,
  header: headerFlag,
  ...objectOptionFlags('read'),
}

/**
 * --meta and --header (and --content-type) as one header map; metadata names lower-cased.
 * What HTTP cannot carry (non-ASCII, line breaks, spaces in names) is a usage error: see
 * src/lib/headers.ts (README, "Metadata and headers").
 */
export function buildHeaders(meta: string[] = [], header: string[] = [], contentType?: string): Headers {
  const headers: Headers = {}
  for (const item of header) {
    const at = item.indexOf(':')
    const name = at < 0 ? '' : item.slice(0, at).trim()
    if (!name) throw new ValueError(`--header ${JSON.stringify(item)}: expected NAME:VALUE`)
    addHeader(headers, '--header', name.toLowerCase(), item.slice(at + 1).trim())
  }
  for (const item of meta) {
    const at = item.indexOf('=')
    const name = at < 0 ? '' : item.slice(0, at).trim()
    if (!name) throw new ValueError(`--meta ${JSON.stringify(item)}: expected KEY=VALUE`)
    const full = name.toLowerCase().startsWith('x-amz-meta-') ? name.toLowerCase() : `x-amz-meta-${name.toLowerCase()}`
    addHeader(headers, '--meta', full, item.slice(at + 1))
  }
  if (contentType) addHeader(headers, '--content-type', 'content-type', contentType)
  return headers
}

/**
 * The headers of an upload or copy destination: --header, --meta, --content-type, then the
 * table's options (--acl, --tags, --sse...: src/cli/object-options.ts), which win.
 */
export function uploadHeaders(flags: {meta?: string[]; header?: string[]; 'content-type'?: string} & Record<string, unknown>): Headers {
  return {...buildHeaders(flags.meta, flags.header, flags['content-type']), ...objectOptionHeaders(flags, 'write')}
}

/** The headers of a read (get, exists): --header, then --sse-c-key. */
export function readHeaders(flags: {header?: string[]} & Record<string, unknown>): Headers {
  return {...buildHeaders([], flags.header), ...objectOptionHeaders(flags, 'read')}
}

/** sync and move: the table's options are for objects written to S3; a local destination refuses them. */
export function destinationHeaders(flags: Record<string, unknown>, to: {kind: 'local' | 's3'}): Headers | undefined {
  const headers = objectOptionHeaders(flags, 'write')
  if (Object.keys(headers).length === 0) return undefined
  if (to.kind === 'local') throw new ValueError('--acl, --tags, --storage-class, --sse and the Content-* options apply to objects written to S3, not to local files')
  return headers
}

function addHeader(headers: Headers, flag: string, name: string, value: string): void {
  const problem = headerProblem(name, value)
  if (problem) throw new ValueError(`${flag}: ${problem}`)
  headers[name] = value
}

/** The transfer tuning flags as the library's options. */
export function tuningOptions(flags: {'multipart-threshold'?: number; 'part-size'?: number; concurrency?: number}) {
  return {multipartThreshold: flags['multipart-threshold'], partSize: flags['part-size'], concurrency: flags.concurrency}
}

export abstract class ObjectCommand<T extends typeof Command> extends S3Command<T> {
  /** The settings of the command line, with --limit-rate (max_bandwidth) for the commands that have it. */
  protected override configSources(): ReturnType<S3Command<T>['configSources']> {
    const sources = super.configSources()
    const rate = (this.flags as {'limit-rate'?: number})['limit-rate']
    return rate === undefined ? sources : {...sources, flags: {...sources.flags, maxBandwidth: rate}}
  }

  /** The bar's module loads here: commands are read at every start, and most never draw one. */
  protected async progressBar(label: string, enabled: boolean): Promise<ProgressBar> {
    const {ProgressBar} = await import('../../output/progress.js')
    return new ProgressBar(label, enabled && this.format === 'text' && !this.quiet)
  }
}
