/**
 * What the batch commands share (put -r, get -r, delete -r, sync, move -r): their flags, how a
 * SOURCE or DESTINATION argument names a local folder or an S3 prefix, and running a stream of
 * tasks through the transfer engine with one overall progress bar, a line (or NDJSON record)
 * per file, failures listed, a summary on stderr, and the documented exit codes.
 */
import {type Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import {parseLocation, remoteSides} from '../../cli/remote-arg.js'
import {EXIT} from '../../exit-codes.js'
import {MAX_FILES_IN_FLIGHT, MiB} from '../../lib/constants.js'
import {StorageError} from '../../lib/errors.js'
import type {TransferRecord, TransferTask, TransferTotals} from '../../lib/transfer/engine.js'
import type {BatchOptions} from '../../lib/transfer/plans.js'
import type {S3SideOptions} from '../../lib/transfer/s3-side.js'
import type {Location} from '../../lib/transfer/sides.js'
import {formatBytes} from '../../output/units.js'
import {ObjectCommand, tuningOptions} from './object-command.js'

export const batchFlags = {
  include: Flags.string({description: 'only paths matching this glob (relative to the source; repeatable; later --include/--exclude win)', multiple: true, helpValue: 'GLOB'}),
  exclude: Flags.string({description: 'leave out paths matching this glob (relative to the source; repeatable)', multiple: true, helpValue: 'GLOB'}),
  'dry-run': Flags.boolean({description: 'print what would be done, and do nothing (also --dryrun, as aws)', aliases: ['dryrun']}),
  'follow-symlinks': Flags.boolean({description: 'follow symbolic links in local folders (--no-follow-symlinks skips them); links that loop are skipped', default: true, allowNo: true}),
  shard: Flags.string({description: 'only this share of the files, by a hash of their paths: K of N machines splitting one batch (K from 0)', helpValue: 'K/N'}),
}

/**
 * Small files are bound by round trips, not bandwidth: many in flight hide each request's wait
 * (a server's Nagle delay on reused connections, the network's latency). Big files in a batch
 * are held to fewer at once by the engine.
 */
const DEFAULT_FILES_IN_FLIGHT = 32
/** Files from this size on (multipart at the default threshold) count as big... */
const BIG_FILE = 16 * MiB
/** ...and at most this many of them are in flight, each with its own parts in flight. */
const BIG_FILES_IN_FLIGHT = 4

export const filesFlag = Flags.integer({description: `files in flight at once in a batch (default ${DEFAULT_FILES_IN_FLIGHT}, of which at most ${BIG_FILES_IN_FLIGHT} of ${BIG_FILE / MiB} MiB or more)`, min: 1, max: MAX_FILES_IN_FLIGHT, helpValue: 'N'})

/** A batch command's flags, as batchOptions reads them. */
interface BatchFlagValues {
  'dry-run'?: boolean
  'follow-symlinks'?: boolean
  shard?: string
  'multipart-threshold'?: number
  'part-size'?: number
  concurrency?: number
}

export abstract class BatchCommand<T extends typeof Command> extends ObjectCommand<T> {
  /** SOURCE and DESTINATION of a two-sided batch (sync, move -r), which may be BUCKET/KEY (remoteSides), their buckets resolved. */
  protected async locations(source: string, destination: string): Promise<[Location, Location]> {
    const [fromRemote, toRemote] = remoteSides(source, destination)
    return [await this.location(source, fromRemote), await this.location(destination, toRemote)]
  }

  /** A batch argument (src/cli/remote-arg.ts parseLocation), its bucket resolved. */
  protected async location(arg: string, remoteByDefault: boolean): Promise<Location> {
    // The default bucket is looked up only for a remote name that may be a plain key.
    const ref = parseLocation(arg, remoteByDefault, remoteByDefault && !arg.startsWith('s3://') ? await this.defaultBucket() : null)
    if (ref.kind === 'local') return ref
    return {kind: 's3', bucket: await this.bucketOrDefault(ref.bucket ?? undefined), prefix: ref.prefix}
  }

  /** The options every plan takes, from the flags and the raw arguments (for filter order). */
  protected async batchOptions(flags: BatchFlagValues): Promise<BatchOptions> {
    const [{rulesInOrder}, {parseShard}] = await Promise.all([import('../../cli/filter-args.js'), import('../../lib/transfer/shard.js')])
    return {
      filters: rulesInOrder(this.argv),
      shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
      followSymlinks: flags['follow-symlinks'] ?? true,
      dryRun: flags['dry-run'] ?? false,
      onWalkSkip: (file, why) => this.warn(`skipped ${file}: ${why}`),
      onWarning: (message) => this.warn(message),
    }
  }

  /** What an S3 side of the batch writes and reads with: part size and parts in flight from the flags, and the given headers. */
  protected s3SideOptions(flags: BatchFlagValues, headers: Pick<S3SideOptions, 'headers' | 'readHeaders'> = {}): S3SideOptions {
    return {...headers, tuning: tuningOptions(flags)}
  }

  /**
   * Runs the tasks, `files` at a time. Text output: one line per file (aws-cli's
   * `upload: SOURCE to DESTINATION`); ndjson/json/yaml: one record per file; in every format,
   * failures and skips are also listed on stderr. Then a summary on stderr. Exit codes: 130
   * when interrupted, 10 when some files failed (each listed), the error's own code when the
   * batch could not run at all.
   */
  protected async runBatch(tasks: AsyncIterable<TransferTask>, files: number | undefined, dryRun: boolean): Promise<TransferTotals> {
    const {runTransfers} = await import('../../lib/transfer/engine.js')
    const bar = await this.progressBar('', true)
    const records = this.recordWriter()
    let bytesDone = 0
    let count = 0
    const totals = await runTransfers(tasks, {
      concurrency: files ?? DEFAULT_FILES_IN_FLIGHT,
      big: files === undefined ? {bytes: BIG_FILE, limit: BIG_FILES_IN_FLIGHT} : undefined, // --files N: N of any size
      signal: this.abort.signal,
      onRecord: async (record) => {
        count++
        if (record.error === undefined) bytesDone += record.size ?? 0
        bar.clear() // the file's line goes where the bar was; the bar comes back below it
        await records.write(record, dryRun)
        bar.update(bytesDone, undefined, `${count} files`)
      },
    }).finally(async () => {
      bar.clear() // the summary below says it all
      await records.end()
    })
    if (this.abort.signal.aborted) throw StorageError.from('batch', this.abort.signal.reason)
    const fileCount = (n: number) => `${n} file${n === 1 ? '' : 's'}`
    if (!this.quiet) this.logToStderr(`s3: ${dryRun ? 'planned' : 'done'}: ${fileCount(totals.done)}, ${formatBytes(totals.bytes)} in ${totals.seconds.toFixed(1)} s` +
      (totals.deleted ? `, ${totals.deleted} deleted` : '') + (totals.skipped ? `, ${totals.skipped} skipped` : '') + (totals.failed ? `, ${totals.failed} failed` : ''))
    if (totals.failed > 0) process.exitCode = EXIT.BATCH_INCOMPLETE
    return totals
  }

  /** Writes records as they come, in the chosen format (json as one streamed array). */
  protected recordWriter(): {write(record: TransferRecord, dryRun: boolean): Promise<void>; end(): Promise<void>} {
    const format = this.format
    let written = 0
    return {
      write: async (record, dryRun) => {
        written++
        // Failures and skips are listed on stderr in every format (the exit code 10 says "each
        // listed on stderr"); machine formats also get their record on stdout.
        // Files cut short by Ctrl-C are not failures to list: the last line says "interrupted".
        if (record.error !== undefined && !this.abort.signal.aborted) {
          this.logToStderr(`s3: failed: ${record.source}${record.destination ? ` to ${record.destination}` : ''}: ${record.error}`)
        } else if (record.action === 'skip') {
          this.warn(`skipped ${record.source}: ${record.reason}`)
        }
        if (format === 'ndjson') return this.write(JSON.stringify(record) + '\n')
        if (format === 'json') return this.write((written === 1 ? '[\n  ' : ',\n  ') + JSON.stringify(record))
        if (format === 'yaml' || format === 'table') return this.output([record])
        if (record.error !== undefined || record.action === 'skip' || this.quiet) return
        const line = `${dryRun ? '(dryrun) ' : ''}${record.action}: ${record.source}${record.destination ? ` to ${record.destination}` : ''}`
        return this.write(line + '\n')
      },
      end: async () => {
        if (format === 'json') await this.write(written === 0 ? '[]\n' : '\n]\n')
      },
    }
  }

  /** One warning line on stderr (the batch goes on). */
  public warn(message: string | Error): string | Error {
    this.logToStderr(`s3: warning: ${typeof message === 'string' ? message : message.message}`)
    return message
  }
}
