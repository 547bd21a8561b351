/**
 * The one base of every command, built-in or from a plugin: global flags, config loading,
 * the shared Storage client, the default bucket and remote names, output rendering, Ctrl-C
 * handling, and errors -> exit codes. Commands reach S3 only through `storage()`.
 * Heavy modules (got, cosmiconfig, xml2js, js-yaml) load inside run(), never at start-up.
 */
import {Command, Flags, Interfaces} from '@oclif/core'
import {describeRemote, parseRemote, type RemoteRef, toS3Name} from './cli/remote-arg.js'
import {EXIT, exitCodeFor} from './exit-codes.js'
import type {Storage} from './lib/storage/storage.js'
import {S3Name, ValueError} from './lib/types.js'
import {OUTPUT_FORMATS, type OutputFormat, renderJson, renderKeyValues, renderNdjson, renderTable, renderYaml, type Row} from './output/format.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof S3Command)['baseFlags'] & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export interface ListOutput<T> {
  /** The record shown for json, ndjson, yaml and table. */
  record: (item: T) => Row
  /** The human line for text output (the seed's format where the seed had one). */
  text: (item: T) => string
  columns?: string[]
}

/** A REMOTE argument resolved against --bucket / default_bucket. */
export interface ResolvedRemote {
  /** The argument as parsed (bucket null: the default bucket). */
  ref: RemoteRef
  /** The key with its bucket made explicit. */
  name: S3Name
  bucket: string
  /** bucket/key, as the seed's messages show it. */
  label: string
}

export abstract class S3Command<T extends typeof Command> extends Command {
  static baseFlags = {
    config: Flags.string({char: 'c', description: 'config file to use (default: s3.yaml found from the current folder upward)', helpGroup: 'GLOBAL'}),
    bucket: Flags.string({char: 'b', description: 'bucket to use instead of default_bucket', helpGroup: 'GLOBAL'}),
    verbose: Flags.boolean({char: 'v', description: 'show what is done, retries, and stack traces of errors', helpGroup: 'GLOBAL'}),
    output: Flags.option({options: OUTPUT_FORMATS, char: 'o', description: 'output format', helpGroup: 'GLOBAL'})(),
    json: Flags.boolean({description: 'same as --output json', helpGroup: 'GLOBAL'}),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  /** Every argument as given, for commands that take any number of them (`static strict = false`). */
  protected positionalArgs!: string[]
  /** Aborted on Ctrl-C / SIGTERM; long operations take it so they can clean up (abort uploads). */
  protected readonly abort = new AbortController()
  private storagePromise?: Promise<Storage>
  private readonly onSignal = (signal: NodeJS.Signals) => this.abort.abort(Object.assign(new Error(`interrupted by ${signal}`), {code: 'AbortError'}))
  // `s3 ... | head` closes stdout early: that is not an error.
  private readonly onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
  }

  public async init(): Promise<void> {
    await super.init()
    const {args, argv, flags} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof S3Command).baseFlags,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
    this.positionalArgs = argv as string[]
    process.once('SIGINT', this.onSignal)
    process.once('SIGTERM', this.onSignal)
    process.stdout.on('error', this.onStdoutError)
  }

  get format(): OutputFormat {
    if (this.flags.json) return 'json'
    return (this.flags.output as OutputFormat | undefined) ?? 'text'
  }

  /** The Storage client, built once per command from the config and --bucket. */
  protected storage(): Promise<Storage> {
    this.storagePromise ??= this.createStorage()
    return this.storagePromise
  }

  private async createStorage(): Promise<Storage> {
    const [{loadConfig}, {S3Connection}, {Storage}] = await Promise.all([
      import('./lib/config.js'), import('./lib/connection.js'), import('./lib/storage/storage.js'),
    ])
    const {options} = await loadConfig({configPath: this.flags.config})
    if (this.flags.bucket) options.default_bucket = this.flags.bucket
    return new Storage(new S3Connection(options, {logger: (line) => this.verboseLog(line)}))
  }

  /** The bucket of plain keys: --bucket, else default_bucket from the config, else null. */
  protected async defaultBucket(): Promise<string | null> {
    return (await this.storage()).defaultBucket
  }

  /** `given` (a BUCKET argument), else the default bucket; a usage error (exit 2) when there is none. */
  protected async bucketOrDefault(given: string | undefined): Promise<string> {
    const bucket = given ?? await this.defaultBucket()
    if (!bucket) throw new ValueError('no bucket: give BUCKET, use --bucket, or set default_bucket in the config')
    return bucket
  }

  /** A REMOTE argument (KEY, BUCKET/KEY or s3://BUCKET/KEY) with its bucket made explicit. */
  protected async resolveRemote(arg: string, what = 'REMOTE'): Promise<ResolvedRemote> {
    return this.resolveRef(parseRemote(arg, await this.defaultBucket()), what)
  }

  /** A parsed remote name (see src/cli/remote-arg.ts) with its bucket made explicit. */
  protected async resolveRef(ref: RemoteRef, what = 'REMOTE'): Promise<ResolvedRemote> {
    const {bucket, key} = (await this.storage()).resolve(toS3Name(ref, what))
    return {ref, name: new S3Name(key, bucket), bucket, label: describeRemote({bucket, key}, null)}
  }

  /** A message shown only with --verbose, on stderr so stdout stays clean for data. */
  protected verboseLog(line: string): void {
    if (this.flags?.verbose) this.logToStderr(line)
  }

  /** Writes to stdout, waiting when the pipe is full so memory stays flat on long outputs. */
  protected async write(text: string): Promise<void> {
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve))
  }

  /** Renders one value in the chosen format; `text` gives the human form. */
  protected async output(value: unknown, text?: (value: unknown) => string): Promise<void> {
    switch (this.format) {
      case 'json': return this.write(renderJson(value))
      case 'ndjson': return this.write(renderNdjson(value))
      case 'yaml': return this.write(await renderYaml(value))
      case 'table': return this.write(renderTable(Array.isArray(value) ? value as Row[] : [value as Row]))
      default: {
        if (text) return this.write(ensureNewline(text(value)))
        if (typeof value === 'object' && value !== null) return this.write(renderKeyValues(value as Row))
        return this.write(ensureNewline(String(value)))
      }
    }
  }

  /**
   * Renders a list as it arrives: json as a streamed array, ndjson/text/yaml item by item;
   * only table waits for the end (it needs the column widths). Returns the count.
   */
  protected async outputList<I>(items: AsyncIterable<I> | Iterable<I>, spec: ListOutput<I>): Promise<number> {
    const format = this.format
    const rows: Row[] = []
    let count = 0
    for await (const item of items) {
      count++
      if (format === 'json') await this.write((count === 1 ? '[\n' : ',\n') + indent(JSON.stringify(spec.record(item), null, 2)))
      else if (format === 'ndjson') await this.write(renderNdjson(spec.record(item)))
      else if (format === 'yaml') await this.write(await renderYaml([spec.record(item)]))
      else if (format === 'table') rows.push(spec.record(item))
      else await this.write(ensureNewline(spec.text(item)))
    }
    if (format === 'json') await this.write(count === 0 ? '[]\n' : '\n]\n')
    if (format === 'yaml' && count === 0) await this.write('[]\n')
    if (format === 'table') await this.write(renderTable(rows, spec.columns))
    return count
  }

  /**
   * The outcome of a command that has nothing else to show: the record in json/yaml/...;
   * in text, the original tool's line on stdout with -v (it was the command's result there).
   */
  protected async reportDone(record: Record<string, unknown>, line: string): Promise<void> {
    if (this.format !== 'text') return this.output(record)
    await this.reportLine(line)
  }

  /** The original tool's result line alone: on stdout with -v, in text output only. */
  protected async reportLine(line: string): Promise<void> {
    if (this.format === 'text' && this.flags.verbose) await this.write(line + '\n')
  }

  /** One clear line on stderr and a documented exit code; the stack only with --verbose or DEBUG. */
  protected async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<void> {
    if (error.code === 'EEXIT') throw error // this.exit(n): oclif ends quietly with n
    const isUsage = error.oclif?.exit !== undefined && !('msg' in error)
    const code = isUsage ? (error.oclif!.exit === 1 ? EXIT.USAGE : error.oclif!.exit!) : exitCodeFor(error)
    const verbose = this.flags?.verbose || process.env.DEBUG
    this.logToStderr(`s3: error: ${errorLine(error.message)}`)
    if (verbose && error.stack) this.logToStderr(error.stack)
    process.exitCode = code
  }

  protected async finally(error: Error | undefined): Promise<void> {
    // Listeners of this run only: commands run in one process one after another (tests, plugins).
    process.off('SIGINT', this.onSignal)
    process.off('SIGTERM', this.onSignal)
    process.stdout.off('error', this.onStdoutError)
    // Close idle keep-alive sockets so the process exits at once.
    if (this.storagePromise) (await this.storagePromise.catch(() => undefined))?.close()
    return super.finally(error)
  }
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + '\n'
}

function indent(json: string): string {
  return json.split('\n').map((l) => '  ' + l).join('\n')
}

/** One line from a possibly multi-line message (oclif's parse errors put the detail on later lines). */
function errorLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('See more help'))
  if (lines.length === 0) return 'unknown error'
  const [first, ...rest] = lines
  return (rest.length ? `${first.replace(/:$/, '')}: ${rest.join(' ')}` : first).replace(/\s+/g, ' ')
}
