import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {batchFlags, BatchCommand, filesFlag} from './batch.js'
import {objectOptionFlags} from '../../cli/object-options.js'
import {destinationHeaders, tuningFlags} from './object-command.js'

export default class ObjectSync extends BatchCommand<typeof ObjectSync> {
  static summary = 'Make a folder or prefix hold what another one holds'
  static description = 'Copies from SOURCE to DESTINATION the files that DESTINATION lacks or that differ: in size, or by being newer in SOURCE ' +
    '(with --checksum: by content MD5, where the ETag is one). Either side is a local folder or s3://BUCKET/PREFIX; S3 to S3 copies server-side. ' +
    'Opposite a local path (one that exists, or starts with ./, ../, / or ~), the S3 side may be written BUCKET/PREFIX as for put and get. ' +
    'Downloads get the object\'s modification time, so a second sync of an unchanged tree transfers nothing. ' +
    '--delete also removes what DESTINATION has and SOURCE lacks (filters apply to that too), only once SOURCE was read completely: ' +
    'after a listing error or a folder that cannot be read, nothing is deleted. SOURCE and DESTINATION may not overlap. A failed file does not stop the others: ' +
    'each is listed, and the exit code is 10. Interrupted (exit 130), a sync picks up where it stopped when run again.'
  static aliases = ['sync']
  static examples = [
    '<%= config.bin %> <%= command.id %> ./site s3://com-example-www/ --delete',
    '<%= config.bin %> <%= command.id %> s3://com-example-logs/2024/ ./logs --include "*.gz" --exclude "tmp/*"',
    '<%= config.bin %> <%= command.id %> s3://a/photos/ s3://b/photos/ --dry-run',
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
    ...objectOptionFlags('write'),
    files: filesFlag,
    'multipart-threshold': tuningFlags['multipart-threshold'],
    'part-size': tuningFlags['part-size'],
    concurrency: tuningFlags.concurrency,
  }

  async run(): Promise<void> {
    this.task = `sync ${this.args.source} ${this.args.destination}`
    const [from, to] = await this.locations(this.args.source, this.args.destination)
    const [options, {syncTasks}, {checkBatchSides, openSide}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    await checkBatchSides(from, to)
    const s3 = this.s3SideOptions(this.flags, {headers: destinationHeaders(this.flags, to)})
    const tasks = syncTasks(openSide(storage, from, s3), openSide(storage, to, s3), {...options, deleteExtra: this.flags.delete, checksum: this.flags.checksum})
    await this.runBatch(tasks, this.flags.files, options.dryRun)
  }
}
