import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {batchFlags, BatchCommand, filesFlag} from './batch.js'
import {objectOptionFlags} from '../../cli/object-options.js'
import {destinationHeaders, limitRateFlag, tuningFlags} from './object-command.js'
import {StorageError} from '../../lib/errors.js'
import type {BatchOptions} from '../../lib/transfer/plans.js'
import type {S3SideOptions} from '../../lib/transfer/s3-side.js'
import type {Location} from '../../lib/transfer/sides.js'
import type {FolderWatch} from '../../lib/transfer/watch.js'
import {ValueError} from '../../lib/types.js'

/** Files sent at once while watching: changes come a few at a time. */
const WATCH_FILES_IN_FLIGHT = 4

export default class ObjectSync extends BatchCommand<typeof ObjectSync> {
  static summary = 'Make a folder or prefix hold what another one holds'
  static description = 'Copies from SOURCE to DESTINATION the files that DESTINATION lacks or that differ: in size, or by being newer in SOURCE ' +
    '(with --checksum: by content MD5, where the ETag is one). Either side is a local folder or s3://BUCKET/PREFIX; S3 to S3 copies server-side. ' +
    'Opposite a local path (one that exists, or starts with ./, ../, / or ~), the S3 side may be written BUCKET/PREFIX as for put and get. ' +
    'Downloads get the object\'s modification time, so a second sync of an unchanged tree transfers nothing. ' +
    '--delete also removes what DESTINATION has and SOURCE lacks (filters apply to that too), only once SOURCE was read completely: ' +
    'after a listing error or a folder that cannot be read, nothing is deleted. SOURCE and DESTINATION may not overlap. A failed file does not stop the others: ' +
    'each is listed, and the exit code is 10. Interrupted (exit 130), a sync picks up where it stopped when run again. ' +
    'With --watch (a local SOURCE), the sync then goes on: each file created or changed is sent once it has been left alone for --watch-delay ms, ' +
    'a file deleted deletes its key only with --delete, folders made later are watched too; a file that cannot be sent (the network gone) is kept and ' +
    'tried again later. Ctrl-C ends it (exit 130).'
  static aliases = ['sync']
  static examples = [
    '<%= config.bin %> <%= command.id %> ./site s3://com-example-www/ --delete',
    '<%= config.bin %> <%= command.id %> s3://com-example-logs/2024/ ./logs --include "*.gz" --exclude "tmp/*"',
    '<%= config.bin %> <%= command.id %> s3://a/photos/ s3://b/photos/ --dry-run',
    '<%= config.bin %> <%= command.id %> ./site s3://com-example-www/ --delete --watch',
    '<%= config.bin %> <%= command.id %> ./data s3://com-example-data/ -o ndjson | jq -c "select(.error)"',
  ]
  static args = {
    source: Args.string({description: 'a local folder, or s3://BUCKET/PREFIX', required: true}),
    destination: Args.string({description: 'a local folder, or s3://BUCKET/PREFIX', required: true}),
  }
  static flags = {
    ...batchFlags,
    delete: Flags.boolean({description: 'remove files of DESTINATION that SOURCE does not have'}),
    checksum: Flags.boolean({description: 'compare content MD5s (where the ETag is one) instead of modification times'}),
    watch: Flags.boolean({description: 'then keep sending the local SOURCE\'s changes as they happen, until Ctrl-C (a failed file is tried again later, never dropped)'}),
    'watch-delay': Flags.integer({description: 'with --watch: milliseconds a file must be left unchanged before it is sent', default: 500, min: 0, max: 3_600_000, helpValue: 'MS'}),
    ...objectOptionFlags('write'),
    files: filesFlag,
    'multipart-threshold': tuningFlags['multipart-threshold'],
    'part-size': tuningFlags['part-size'],
    concurrency: tuningFlags.concurrency,
    'limit-rate': limitRateFlag,
  }

  private records?: ReturnType<BatchCommand<typeof ObjectSync>['recordWriter']>
  private readonly sent = {files: 0, deleted: 0}

  async run(): Promise<void> {
    this.task = `sync ${this.args.source} ${this.args.destination}`
    const [from, to] = await this.locations(this.args.source, this.args.destination)
    const [options, {syncTasks}, {checkBatchSides, openSide}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    await checkBatchSides(from, to)
    const s3 = this.s3SideOptions(this.flags, {headers: destinationHeaders(this.flags, to)})
    const watching = this.flags.watch ? await this.startWatching(from, to, s3, options) : undefined
    const tasks = syncTasks(openSide(storage, from, s3), openSide(storage, to, s3), {...options, deleteExtra: this.flags.delete, checksum: this.flags.checksum})
    try {
      await this.runBatch(tasks, this.flags.files, options.dryRun)
    } catch (error) {
      watching?.close() // the process would wait on the watcher forever
      throw error
    }
    if (watching) await this.keepSending(watching)
  }

  /** --watch: the folder is watched from before the first sync, so no change made during it is missed. */
  private async startWatching(from: Location, to: Location, s3: S3SideOptions, options: BatchOptions): Promise<FolderWatch> {
    if (from.kind !== 'local' || to.kind !== 's3') throw new ValueError('--watch sends the changes of a local SOURCE folder to S3: SOURCE must be a local folder, DESTINATION s3://BUCKET/PREFIX')
    if (options.dryRun) throw new ValueError('--watch and --dry-run do not go together: a dry run sends nothing to watch for')
    const [{watchFolder}, storage] = await Promise.all([import('../../lib/transfer/watch.js'), this.storage()])
    this.records = this.recordWriter()
    return watchFolder(storage, from.dir, to, s3, {
      filters: options.filters, followSymlinks: options.followSymlinks, deleteExtra: this.flags.delete,
      delay: this.flags['watch-delay'], concurrency: this.flags.files ?? WATCH_FILES_IN_FLIGHT, signal: this.abort.signal,
      onRecord: (record) => {
        this.sent[record.action === 'delete' ? 'deleted' : 'files']++
        return this.records!.write(record, false)
      },
      onWarning: (message) => this.warn(message),
    })
  }

  /** Sends changes until Ctrl-C; then says what was sent and what was not, and ends as an interrupted batch (130). */
  private async keepSending(watching: FolderWatch): Promise<void> {
    if (!this.quiet) this.logToStderr('s3: watching for changes (Ctrl-C to stop)')
    const unsent = await watching.send().finally(() => this.records?.end())
    if (!this.quiet) this.logToStderr(`s3: watched: ${this.sent.files} sent, ${this.sent.deleted} deleted` + (unsent ? `, ${unsent} changes not sent` : ''))
    throw StorageError.from('sync --watch', this.abort.signal.reason)
  }
}
