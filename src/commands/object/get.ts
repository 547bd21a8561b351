import {statSync} from 'node:fs'
import {Args, Flags} from '@oclif/core'
import {downloadTarget} from '../../cli/remote-arg.js'
import {ObjectCommand, progressFlag, versionFlag} from './shared.js'

export default class ObjectGet extends ObjectCommand<typeof ObjectGet> {
  static summary = 'Download an object from S3'
  static description = 'Downloads REMOTE into LOCAL (default: the base name of the key; inside LOCAL when it is a folder or ends with /). ' +
    'LOCAL `-` writes to stdout. The file is written beside the target and renamed into place only when complete, its length and MD5 checked; ' +
    'a failed download leaves an existing file untouched. A connection that dies mid-way is resumed where it stopped.'
  static aliases = ['get']
  static examples = [
    '<%= config.bin %> <%= command.id %> report.pdf',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/2024/report.pdf ./downloads/',
    '<%= config.bin %> <%= command.id %> logs/app.log - --range bytes=-4096',
  ]
  static args = {
    remote: Args.string({description: 'remote name: KEY, BUCKET/KEY or s3://BUCKET/KEY', required: true}),
    local: Args.string({description: 'local file or folder to write, or - for stdout (default: the base name of the key)', required: false}),
  }
  static flags = {
    'version-id': versionFlag,
    range: Flags.string({description: 'only these bytes: bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX', helpValue: 'RANGE'}),
    progress: progressFlag,
  }

  async run(): Promise<void> {
    const source = await this.resolveRemote(this.args.remote)
    const storage = await this.storage()
    const local = downloadTarget(source.ref, this.args.local, isFolder)
    const toStdout = local === '-'
    const bar = this.progressBar(`get ${source.label}`, this.flags.progress)
    const result = await storage.readObject(source.name, toStdout ? process.stdout : local, {
      signal: this.abort.signal,
      versionId: this.flags['version-id'],
      range: this.flags.range,
      onProgress: (done, total) => bar.update(done, total),
    }).finally(() => bar.finish())
    if (toStdout) return // stdout holds the object's bytes and nothing else
    await this.reportDone({bucket: source.bucket, key: source.name.key, file: local, size: result.size, metadata: result.metadata},
      `created file ${local} from S3 ${source.label}`)
  }
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}
