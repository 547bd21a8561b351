import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {downloadTarget, isLocalFolder, notEmpty} from '../../cli/remote-arg.js'
import type {Location} from '../../lib/transfer/sides.js'
import {batchFlags, BatchCommand, filesFlag} from './batch.js'
import {objectOptionFlags} from '../../cli/object-options.js'
import {headerFlag, limitRateFlag, progressFlag, rangeFlags, readHeaders, remoteArg, versionFlag} from './object-command.js'

export default class ObjectGet extends BatchCommand<typeof ObjectGet> {
  static summary = 'Download an object from S3'
  static description = 'Downloads REMOTE into LOCAL (default: the base name of the key; inside LOCAL when it is a folder or ends with /). ' +
    'LOCAL `-` writes to stdout. The file is written beside the target and renamed into place only when complete, its length and MD5 checked (a device or FIFO such as /dev/null is written straight through); ' +
    'a failed download leaves an existing file untouched. A connection that dies mid-way is resumed where it stopped. ' +
    'An object above one part comes down in parallel ranges (--part-size, --concurrency), each pinned to the first answer\'s ETag: an object replaced meanwhile fails the download; ' +
    'stdout, a device or FIFO and --range stay one GET in order. ' +
    'With --recursive, REMOTE is a prefix and every object under it comes down into the folder LOCAL (default: the prefix\'s last name, ' +
    'or the current folder for a whole bucket), each with its modification time; keys that would land outside LOCAL are skipped with a warning.'
  static aliases = ['get']
  static examples = [
    '<%= config.bin %> <%= command.id %> report.pdf',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/2024/report.pdf ./downloads/',
    '<%= config.bin %> <%= command.id %> logs/app.log - --range bytes=-4096',
  ]
  static args = {
    remote: remoteArg,
    local: Args.string({description: 'local file or folder to write, or - for stdout (default: the base name of the key); a folder with --recursive', required: false}),
  }
  static flags = {
    'version-id': versionFlag,
    range: Flags.string({description: 'only these bytes: bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX', helpValue: 'RANGE'}),
    header: headerFlag,
    ...objectOptionFlags('read'),
    progress: progressFlag,
    recursive: Flags.boolean({char: 'r', description: 'download every object under the prefix REMOTE'}),
    ...batchFlags,
    files: filesFlag,
    'part-size': rangeFlags['part-size'],
    concurrency: rangeFlags.concurrency,
    'limit-rate': limitRateFlag,
  }

  async run(): Promise<void> {
    this.task = `get ${this.args.remote}`
    if (this.flags.recursive) return this.getPrefix(this.args.remote, this.args.local)
    const source = await this.resolveRemote(this.args.remote)
    const storage = await this.storage()
    const local = downloadTarget(source.ref, this.args.local, isLocalFolder)
    const toStdout = local === '-'
    const bar = await this.progressBar(`get ${source.label}`, this.flags.progress)
    const result = await storage.readObject(source.name, toStdout ? process.stdout : local, {
      signal: this.abort.signal,
      versionId: this.flags['version-id'],
      range: this.flags.range,
      headers: readHeaders(this.flags),
      partSize: this.flags['part-size'],
      concurrency: this.flags.concurrency,
      onProgress: (done, total) => bar.update(done, total),
    }).finally(() => bar.finish())
    if (toStdout) return // stdout holds the object's bytes and nothing else
    await this.reportDone({bucket: source.bucket, key: source.name.key, file: local, size: result.size, metadata: result.metadata},
      `created file ${local} from S3 ${source.label}`)
  }

  /** get -r: every object under a prefix into a folder. */
  private async getPrefix(remote: string, local: string | undefined): Promise<void> {
    const from = await this.location(remote, true)
    if (from.kind !== 's3') throw new Error('a remote name is always an S3 location')
    if (local !== undefined) notEmpty(local)
    const to: Location = {kind: 'local', dir: local ?? (from.prefix.replace(/\/$/, '').split('/').pop() || '.')}
    const [options, {copyTasks}, {checkBatchSides, openSide}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    await checkBatchSides(from, to)
    const s3 = this.s3SideOptions(this.flags, {readHeaders: readHeaders(this.flags)})
    await this.runBatch(copyTasks(openSide(storage, from, s3), openSide(storage, to, s3), options), this.flags.files, options.dryRun)
  }
}
