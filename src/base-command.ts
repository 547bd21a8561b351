/**
 * The one base of every command, built-in or from a plugin: global flags, config loading,
 * the shared Storage client, the default bucket and remote names, output rendering, Ctrl-C
 * handling, and errors -> exit codes. Commands reach S3 only through `storage()`.
 * Heavy modules (cosmiconfig, xml2js, js-yaml) load inside run(), never at start-up.
 */
import {setMaxListeners} from 'node:events'
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type * as Interfaces from '@oclif/core/interfaces'
import {describeRemote, parseRemote, type RemoteRef, toS3Name} from './cli/remote-arg.js'
import {EXIT, exitCodeFor} from './exit-codes.js'
import {checkBucketName} from './lib/bucket-name.js'
import {InterruptedError, LocalFileError} from './lib/errors.js'
import type {Storage} from './lib/storage.js'
import {S3Name, ValueError} from './lib/types.js'
import {OUTPUT_FORMATS, type OutputFormat, renderJson, renderKeyValues, renderNdjson, renderTable, renderYaml, type Row} from './output/format.js'
import type {ListSpec} from './output/list-writer.js'

/** What the commands' help and flags show of the library: its defaults and canned ACLs (one owner each). */
export {DEFAULT_TRANSFER} from './lib/settings/options.js'
export {CANNED_BUCKET_ACLS} from './lib/ops/subresource-tables.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof S3Command)['baseFlags'] & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** How a command's listing is shown (see src/output/list-writer.ts). */
export type ListOutput<T> = ListSpec<T>

/** A REMOTE argument resolved against --bucket / default_bucket. */
export interface ResolvedRemote {
  /** The argument as parsed (bucket null: the default bucket). */
  ref: RemoteRef
  /** The key with its bucket made explicit. */
  name: S3Name
  bucket: string
  /** bucket/key, as the original's messages show it. */
  label: string
}

export abstract class S3Command<T extends typeof Command> extends Command {
  static baseFlags = {
    config: Flags.string({char: 'c', description: 'config file to use (default: s3.yaml found from the current folder upward)', helpGroup: 'GLOBAL'}),
    bucket: Flags.string({char: 'b', description: 'bucket to use instead of default_bucket', helpGroup: 'GLOBAL'}),
    verbose: Flags.boolean({char: 'v', description: 'show results of commands: what is done, and retries', helpGroup: 'GLOBAL', exclusive: ['quiet']}),
    output: Flags.option({options: OUTPUT_FORMATS, char: 'o', description: 'output format', helpGroup: 'GLOBAL'})(),
    json: Flags.boolean({description: 'same as --output json', helpGroup: 'GLOBAL'}),
    quiet: Flags.boolean({char: 'q', description: 'errors only: no progress, no line per file, no summary', helpGroup: 'GLOBAL'}),
    profile: Flags.string({description: 'AWS profile of ~/.aws/credentials and ~/.aws/config to use (default: AWS_PROFILE, else default)', helpGroup: 'GLOBAL'}),
    'endpoint-url': Flags.string({description: 'S3 endpoint URL, overriding the configuration', helpGroup: 'GLOBAL'}),
    region: Flags.string({description: 'region to sign for, overriding the configuration', helpGroup: 'GLOBAL'}),
    'no-sign-request': Flags.boolean({description: 'send requests unsigned (public buckets): no credentials needed', helpGroup: 'GLOBAL'}),
    'no-verify-ssl': Flags.boolean({description: 'accept any TLS certificate (insecure: a warning is printed each time)', helpGroup: 'GLOBAL'}),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  /** Every argument as given, for commands that take any number of them (`static strict = false`). */
  protected positionalArgs!: string[]
  private readonly abortController = abortControllerForMany()
  /** Set once the command took `abort`: it then cleans up on a signal instead of being ended at once. */
  private cleansUpOnSignal = false
  private signalsReceived = 0
  /** Stdout's reader went away: the command was aborted for it, and ends quietly with 0. */
  private stdoutGone = false
  private storagePromise?: Promise<Storage>
  /** Added to the error line: what was done before the failure (a listing cut short). */
  private errorNote?: string
  /** What the user asked for, in their words ("put report.pdf"): errors start with it. */
  protected task?: string
  /**
   * The first Ctrl-C / SIGTERM aborts; the command cleans up (aborts uploads, removes temp files)
   * and exits 130. A second one is ignored, so the clean-up is not cut short; a third ends at once.
   */
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.signalsReceived++
    if (!this.cleansUpOnSignal) return this.exitInterrupted(`interrupted by ${signal}`)
    if (this.signalsReceived === 1) this.abortController.abort(new InterruptedError(`interrupted by ${signal}`))
    if (this.signalsReceived >= 3) this.exitInterrupted(`interrupted by ${signal} again during clean-up: a multipart upload or temp file may be left`)
  }

  /**
   * The reader of stdout went away (`| head`). A command that took `abort` is aborted, as by
   * Ctrl-C, so its transfers clean up (temp files removed, uploads aborted), and then ends with
   * 0, quietly; one that did not has nothing to clean up and ends at once. Says which.
   */
  onStdoutClosed(): 'cleaning up' | 'nothing to clean' {
    if (!this.cleansUpOnSignal) return 'nothing to clean'
    this.stdoutGone = true
    if (!this.abortController.signal.aborted) this.abortController.abort(new InterruptedError('the reader of stdout went away'))
    return 'cleaning up'
  }

  /** Aborted on Ctrl-C / SIGTERM and when stdout's reader goes away; long operations take it so they can clean up (abort uploads). */
  protected get abort(): AbortController {
    this.cleansUpOnSignal = true
    return this.abortController
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
    process.on('SIGINT', this.onSignal)
    process.on('SIGTERM', this.onSignal)
    guardOutputStreams()
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the process-wide stdout handler tells the command running
    runningCommand = this
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
    const [{loadConfig}, {S3Connection}, {Storage}, {hookObserver}] = await Promise.all([
      import('./lib/settings/config.js'), import('./lib/client/connection.js'), import('./lib/storage.js'), import('./cli/events.js'),
    ])
    const {options, warnings, credentials} = await loadConfig(this.configSources())
    for (const warning of warnings) this.logToStderr(`s3: warning: ${warning}`)
    // --bucket "" (an unset variable) is a mistake, not "use default_bucket".
    if (this.flags.bucket !== undefined) options.default_bucket = checkBucketName(this.flags.bucket, 'legacy')
    // Every store, delete and retry of this command fires its plugin hook (src/cli/events.ts).
    const observer = hookObserver(this.config, this.id)
    return new Storage(new S3Connection(options, {logger: (line) => this.verboseLog(line), credentials, observer}))
  }

  /** What loadConfig reads from the command line: --config and the flags that are settings. */
  protected configSources(): import('./lib/settings/config.js').LoadConfigOptions {
    const f = this.flags
    return {
      configPath: f.config,
      flags: {profile: f.profile, endpointUrl: f['endpoint-url'], region: f.region, noSignRequest: f['no-sign-request'], noVerifySsl: f['no-verify-ssl']},
    }
  }

  /** The bucket of plain keys: --bucket, else default_bucket from the config, else null. */
  protected async defaultBucket(): Promise<string | null> {
    return (await this.storage()).defaultBucket
  }

  /** `given` (a BUCKET argument), else the default bucket; a usage error (exit 2) when there is none. */
  protected async bucketOrDefault(given: string | undefined): Promise<string> {
    if (given === '') throw new ValueError('the bucket name is empty: give BUCKET (or leave it out for the default bucket)')
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

  /** -q: errors only; progress, a batch's line per file and its summary are left out. */
  protected get quiet(): boolean {
    return this.flags?.quiet ?? false
  }

  /** A message shown only with --verbose, on stderr so stdout stays clean for data. */
  protected verboseLog(line: string): void {
    if (this.flags?.verbose) this.logToStderr(line)
  }

  /**
   * Writes to stdout, one write at a time so memory stays flat on long outputs; a failed write
   * (a full disk) fails the command with exit 8. A write its reader went away from aborts the
   * command instead (onStdoutClosed), when it has something to clean up: failing here would end
   * the command with its transfers still in flight.
   */
  protected async write(text: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      process.stdout.write(text, 'utf8', (error) => {
        if (!error) return resolve()
        if ((error as NodeJS.ErrnoException).code === 'EPIPE' && this.onStdoutClosed() === 'cleaning up') return resolve()
        reject(outputError('stdout', error))
      })
    })
  }

  private exitInterrupted(message: string): never {
    this.logToStderr(`s3: error: ${message}`)
    process.exit(EXIT.INTERRUPTED)
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
   * Renders a list as it arrives: json as a streamed array, ndjson/text/yaml item by item,
   * table row by row when its columns have kinds (else at the end, for the widths); then the
   * summary when asked for. Returns the count. When the listing fails part way, the document
   * is closed (stdout stays parseable) and the error goes on, its line saying how many items
   * were listed.
   */
  protected async outputList<I>(items: AsyncIterable<I> | Iterable<I>, spec: ListOutput<I>): Promise<number> {
    const [{ListWriter}, {WriteBatcher}] = await Promise.all([import('./output/list-writer.js'), import('./output/write-batcher.js')])
    const writer = new ListWriter(this.format, spec, process.stdout.isTTY ? process.stdout.columns : undefined)
    const out = new WriteBatcher((text) => this.write(text))
    try {
      for await (const item of items) await out.add(await writer.item(item))
    } catch (error) {
      if (writer.count > 0) {
        await out.add(await writer.end(false))
        this.errorNote = `listing incomplete after ${writer.count} item${writer.count === 1 ? '' : 's'}`
      }
      await out.flush()
      throw error
    }
    await out.add(await writer.end())
    await out.flush()
    return writer.count
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

  /** One clear line on stderr and a documented exit code; the stack only with DEBUG (-v means "show results", as in the original). */
  protected async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<void> {
    if (error.code === 'EEXIT') throw error // this.exit(n): oclif ends quietly with n
    if (this.stdoutGone || stdoutReaderGone(error)) return // `| head`: a quiet success, once cleaned up (see guardOutputStreams)
    const isUsage = error.oclif?.exit !== undefined && !('msg' in error)
    const code = isUsage ? (error.oclif!.exit === 1 ? EXIT.USAGE : error.oclif!.exit!) : exitCodeFor(error)
    const [{errorLine}, {missingArgsLine, missingArgNames, commandUsage}, {typedCommand}] = await Promise.all([
      import('./cli/error-line.js'), import('./cli/missing-args.js'), import('./cli/original-forms.js'),
    ])
    const missing = missingArgNames(error)
    const line = missing ? missingArgsLine(missing, commandUsage(this.config.bin, typedCommand() ?? this.id ?? '', this.ctor.args ?? {})) : errorLine(error, this.task)
    this.logToStderr(`s3: error: ${line}${this.errorNote ? ` (${this.errorNote})` : ''}`)
    if (process.env.DEBUG && error.stack) this.logToStderr(error.stack)
    process.exitCode = code
  }

  protected async finally(error: Error | undefined): Promise<void> {
    // Listeners of this run only: commands run in one process one after another (tests, plugins).
    process.off('SIGINT', this.onSignal)
    process.off('SIGTERM', this.onSignal)
    if (runningCommand === this) runningCommand = undefined
    // Close idle keep-alive sockets so the process exits at once.
    if (this.storagePromise) (await this.storagePromise.catch(() => undefined))?.close()
    return super.finally(error)
  }
}

/** oclif's own stdout listeners, added when it loaded: they rethrow a full disk as an uncaught exception. */
const oclifStdoutListeners = process.stdout.listeners('error') as ((error: Error) => void)[]
let outputGuarded = false
/** The command running, told when stdout's reader goes away. */
let runningCommand: {onStdoutClosed(): 'cleaning up' | 'nothing to clean'} | undefined

/**
 * Once per process, for every command after it too (oclif writes to stdout after the command
 * ended): `s3 ... | head` closing stdout is a quiet success (exit 0, as a reader that had what
 * it wanted; not 141, so `set -o pipefail` scripts do not fail on it), after the running
 * command cleaned up (see onStdoutClosed); any other stdout error is reported by the write
 * that met it (write(), one line, exit 8), never thrown. A failing stderr leaves nowhere to
 * report: the exit code says it.
 */
function guardOutputStreams(): void {
  if (outputGuarded) return
  outputGuarded = true
  for (const listener of oclifStdoutListeners) process.stdout.off('error', listener)
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') return
    // Exiting here would skip every clean-up: temp files and open multipart uploads would be left.
    if (runningCommand?.onStdoutClosed() !== 'cleaning up') process.exit(0)
  })
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && !process.exitCode) process.exitCode = EXIT.LOCAL_FILE
  })
}

/** A failed write to stdout or stderr, saying which (its code, ENOSPC..., gives the exit code). */
function outputError(stream: 'stdout' | 'stderr', error: NodeJS.ErrnoException): LocalFileError {
  return new LocalFileError(`cannot write to ${stream}: ${error.message}`, error.code)
}

/** The reader of stdout went away (EPIPE) and the error is that failed write. */
function stdoutReaderGone(error: {code?: string}): boolean {
  return error.code === 'EPIPE' && (process.stdout.errored as NodeJS.ErrnoException | null)?.code === 'EPIPE'
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + '\n'
}

/**
 * The command's one abort signal is shared by every request in flight (a batch has 32 files
 * and their parts): each adds a listener, which is no leak, so Node's warning at 11 is off.
 */
function abortControllerForMany(): AbortController {
  const controller = new AbortController()
  setMaxListeners(0, controller.signal)
  return controller
}
