import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {type S3Key, ValueError} from '../../lib/types.js'
import {parseSize} from './object-command.js'
import {describePrefix, PrefixCommand} from './prefix-command.js'

const sizeFlag = Flags.custom<number>({parse: async (input) => parseSize(input, true), helpValue: 'SIZE'})

export default class ObjectFind extends PrefixCommand<typeof ObjectFind> {
  static summary = 'Find the objects under a prefix by name, size and age, as find(1) finds files'
  static description = 'Prints s3://BUCKET/KEY of every object under PREFIX (a folder: `logs` means `logs/`; none: the default bucket) that passes every test given, ' +
    'as the listing arrives (nothing is held). --name matches the last part of the key (after the last /), --path the whole key; ' +
    'globs as --include takes them (* any characters, ? one, [abc] a set). --larger and --smaller compare sizes strictly (16MiB, 8MB, 1048576); ' +
    '--older-than and --newer-than the age of LastModified by this computer\'s clock (7d, 12h, 1h30m). ' +
    'json, ndjson, yaml and table output give each object\'s record. Exit 0 whether anything was found or not (as find), else the error\'s code.'
  static aliases = ['find']
  static examples = [
    '<%= config.bin %> <%= command.id %> s3://com-example-logs/2024/ --name "*.gz" --older-than 30d',
    '<%= config.bin %> <%= command.id %> s3://com-example-data --larger 1GiB -o ndjson | jq -r .key',
    '<%= config.bin %> <%= command.id %> s3://com-example-data/tmp/ --print0 | xargs -0 s3 object:delete',
  ]
  static args = {
    prefix: Args.string({description: 's3://BUCKET/PREFIX, BUCKET/PREFIX, or PREFIX of the default bucket (default: the whole default bucket)', required: false}),
  }
  static flags = {
    name: Flags.string({description: 'only keys whose last part (after the last /) matches this glob', helpValue: 'GLOB'}),
    path: Flags.string({description: 'only keys that match this glob as a whole (* matches / too)', helpValue: 'GLOB'}),
    larger: sizeFlag({description: 'only objects of more than SIZE bytes (0: every non-empty object)'}),
    smaller: sizeFlag({description: 'only objects of fewer than SIZE bytes'}),
    'older-than': Flags.string({description: 'only objects last modified longer ago than this (7d, 12h, 1h30m)', helpValue: 'DURATION'}),
    'newer-than': Flags.string({description: 'only objects last modified less long ago than this', helpValue: 'DURATION'}),
    print0: Flags.boolean({description: 'end each name with a NUL instead of a newline (for xargs -0); text output only'}),
  }

  async run(): Promise<void> {
    if (this.flags.print0 && this.format !== 'text') throw new ValueError('--print0 is for text output, not --output ' + this.format)
    const matches = await this.test()
    const at = await this.prefixLocation(this.args.prefix)
    const storage = await this.storage()
    const found = async function* () {
      for await (const item of storage.bucketListKeys(at.bucket, null, at.prefix === '' ? null : at.prefix)) {
        if (typeof item !== 'string' && matches(item)) yield item
      }
    }
    await this.outputList<S3Key>(found(), {
      record: (key) => ({bucket: at.bucket, key: key.key, size: key.size, lastModified: key.lastModified, eTag: key.eTag, storageClass: key.storageClass}),
      text: (key) => describePrefix({bucket: at.bucket, prefix: ''}, key.key),
      terminator: this.flags.print0 ? '\0' : undefined,
      columns: [{name: 'lastModified', kind: 'date'}, {name: 'size', kind: 'bytes'}, {name: 'key', kind: 'name'}],
    })
  }

  /** Every test the flags give, as one predicate (checked before the listing starts: a bad flag is exit 2 at once). */
  private async test(): Promise<(key: S3Key) => boolean> {
    const [{globToRegex}, {parseDuration}] = await Promise.all([import('../../lib/transfer/filters.js'), import('../../cli/duration.js')])
    const {flags} = this
    const tests: ((key: S3Key) => boolean)[] = []
    if (flags.name !== undefined) {
      const name = globToRegex(flags.name)
      tests.push((key) => name.test(baseName(key.key)))
    }
    if (flags.path !== undefined) {
      const whole = globToRegex(flags.path)
      tests.push((key) => whole.test(key.key))
    }
    const {larger, smaller} = flags
    if (larger !== undefined) tests.push((key) => key.size > larger)
    if (smaller !== undefined) tests.push((key) => key.size < smaller)
    const now = Date.now()
    if (flags['older-than'] !== undefined) {
      const before = now - parseDuration(flags['older-than'], '--older-than') * 1000
      tests.push((key) => Date.parse(key.lastModified) < before)
    }
    if (flags['newer-than'] !== undefined) {
      const after = now - parseDuration(flags['newer-than'], '--newer-than') * 1000
      tests.push((key) => Date.parse(key.lastModified) > after)
    }
    return (key) => tests.every((passes) => passes(key))
  }
}

/** The last part of a key, as find -name sees a file's name: 'a/b/c.txt' -> 'c.txt', a folder marker 'a/b/' -> 'b'. */
function baseName(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}
