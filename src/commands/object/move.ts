import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {isLocalFolder, parseFileLocation, remoteSides} from '../../cli/remote-arg.js'
import type {FileLocation} from '../../lib/transfer/sides.js'
import {ValueError} from '../../lib/types.js'
import {batchFlags, BatchCommand, filesFlag} from './batch.js'
import {objectOptionFlags} from '../../cli/object-options.js'
import {destinationHeaders, limitRateFlag, tuningFlags} from './object-command.js'

export default class ObjectMove extends BatchCommand<typeof ObjectMove> {
  static summary = 'Move files or objects: copy, check the copy, then delete the source'
  static description = 'Moves SOURCE to DESTINATION, one object or file, or with --recursive every file under a folder or prefix. ' +
    'Either side is a local path or s3://BUCKET/KEY (BUCKET/KEY opposite a local path that exists or starts with ./, ../, / or ~). Each file is copied (server-side between S3 locations), the copy is checked ' +
    'to hold as many bytes as the source, and only then is the source deleted: a failed copy never deletes its source.'
  static aliases = ['mv']
  static examples = [
    '<%= config.bin %> <%= command.id %> report.pdf s3://com-example-archive/2024/report.pdf',
    '<%= config.bin %> <%= command.id %> s3://com-example-inbox/new/ s3://com-example-inbox/done/ --recursive',
    '<%= config.bin %> <%= command.id %> s3://com-example-exports/today/ ./exports --recursive --include "*.csv"',
  ]
  static args = {
    source: Args.string({description: 'a local file or folder, or s3://BUCKET/KEY (a prefix with --recursive)', required: true}),
    destination: Args.string({description: 'a local file or folder, or s3://BUCKET/KEY (a prefix with --recursive)', required: true}),
  }
  static flags = {
    recursive: Flags.boolean({char: 'r', description: 'move every file under SOURCE (a folder or a prefix)'}),
    ...batchFlags,
    files: filesFlag,
    ...objectOptionFlags('write'),
    'multipart-threshold': tuningFlags['multipart-threshold'],
    'part-size': tuningFlags['part-size'],
    concurrency: tuningFlags.concurrency,
    'limit-rate': limitRateFlag,
  }

  async run(): Promise<void> {
    this.task = `move ${this.args.source}`
    const {source, destination} = this.args
    const [options, {moveTasks, singleMoveTask}, {checkBatchSides, checkMoveSides, openSide}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    if (this.flags.recursive) {
      const [from, to] = await this.locations(source, destination)
      await checkBatchSides(from, to)
      const s3 = this.s3SideOptions(this.flags, {headers: destinationHeaders(this.flags, to)})
      await this.runBatch(moveTasks(openSide(storage, from, s3), openSide(storage, to, s3), options), this.flags.files, options.dryRun)
      return
    }
    const [fromRemote, toRemote] = remoteSides(source, destination)
    const from = await this.single(source, fromRemote)
    if (from.rel === '') throw new ValueError(`${source} names a folder or prefix: add --recursive to move everything under it`)
    const to = await this.single(destination, toRemote)
    checkMoveSides(from, to)
    const s3 = this.s3SideOptions(this.flags, {headers: destinationHeaders(this.flags, to)})
    await this.runBatch(singleMoveTask(openSide(storage, from, s3), from.rel, openSide(storage, to, s3), to.rel, options), 1, options.dryRun)
  }

  /** One file's side (src/cli/remote-arg.ts parseFileLocation), its bucket resolved. */
  private async single(arg: string, remote: boolean): Promise<FileLocation> {
    // The default bucket is looked up only for a remote name that may be a plain key.
    const ref = parseFileLocation(arg, remote && !arg.startsWith('s3://') ? await this.defaultBucket() : null, isLocalFolder, remote)
    if (ref.kind === 'local') return ref
    return {...ref, bucket: await this.bucketOrDefault(ref.bucket ?? undefined)}
  }
}
