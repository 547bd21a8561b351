import {stat} from 'node:fs/promises'
import path from 'node:path'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {parseRemote} from '../../cli/remote-arg.js'
import type {FileLocation} from '../../lib/transfer/plans.js'
import {ValueError} from '../../lib/types.js'
import {batchFlags, BatchCommand, filesFlag, notEmpty} from './batch.js'
import {objectOptionFlags} from '../../cli/object-options.js'
import {destinationHeaders, tuningFlags} from './object-command.js'

export default class ObjectMove extends BatchCommand<typeof ObjectMove> {
  static summary = 'Move files or objects: copy, check the copy, then delete the source'
  static description = 'Moves SOURCE to DESTINATION, one object or file, or with --recursive every file under a folder or prefix. ' +
    'Either side is a local path or s3://BUCKET/KEY. Each file is copied (server-side between S3 locations), the copy is checked ' +
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
  }

  async run(): Promise<void> {
    this.task = `move ${this.args.source}`
    const {source, destination} = this.args
    const [options, {moveTasks, singleMoveTask}, {checkBatchSides, checkNotSameObject}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    if (this.flags.recursive) {
      const from = await this.location(source, false)
      const to = await this.location(destination, false)
      await checkBatchSides(from, to)
      await this.runBatch(moveTasks(storage, from, to, {...options, headers: destinationHeaders(this.flags, to)}), this.flags.files, options.dryRun)
      return
    }
    const from = await this.single(source)
    if (from.rel === '') throw new ValueError(`${source} names a folder or prefix: add --recursive to move everything under it`)
    const to = await this.single(destination)
    if (from.kind === 's3' && to.kind === 's3') {
      checkNotSameObject({bucket: from.bucket, key: from.prefix + from.rel}, {bucket: to.bucket, key: to.prefix + (to.rel === '' ? from.rel : to.rel)})
    }
    await this.runBatch(singleMoveTask(storage, from, to, {...options, headers: destinationHeaders(this.flags, to)}), 1, options.dryRun)
  }

  /**
   * One file's location: its folder or prefix, and its name there. A destination that is a
   * folder (ends with a separator, or exists) or a bucket or prefix ending in '/' gets rel ''
   * (the source's name is kept).
   */
  private async single(arg: string): Promise<FileLocation> {
    notEmpty(arg)
    if (!arg.startsWith('s3://')) {
      const isFolder = arg.endsWith('/') || arg.endsWith(path.sep) || (await stat(arg).catch(() => undefined))?.isDirectory()
      return isFolder ? {kind: 'local', dir: arg, rel: ''} : {kind: 'local', dir: path.dirname(arg), rel: path.basename(arg)}
    }
    const ref = parseRemote(arg, await this.defaultBucket())
    const bucket = await this.bucketOrDefault(ref.bucket ?? undefined)
    const slash = ref.key.lastIndexOf('/')
    return {kind: 's3', bucket, prefix: ref.key.slice(0, slash + 1), rel: ref.key.slice(slash + 1)}
  }
}
