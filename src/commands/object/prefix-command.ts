/**
 * The base of the commands that read one prefix as a folder (find, du, tree): its argument is
 * a batch's S3 side (remote-arg.ts parseLocation: s3://BUCKET/PREFIX, BUCKET/PREFIX, or a
 * prefix of the default bucket; a prefix is a folder, so `logs` means `logs/`); none at all
 * is the whole default bucket.
 */
import {type Command} from '@oclif/core/command'
import {parseLocation} from '../../cli/remote-arg.js'
import {ObjectCommand} from './object-command.js'

export interface PrefixLocation {
  bucket: string
  /** '' for the whole bucket, else ending in /. */
  prefix: string
}

export abstract class PrefixCommand<T extends typeof Command> extends ObjectCommand<T> {
  protected async prefixLocation(arg: string | undefined): Promise<PrefixLocation> {
    if (arg === undefined) return {bucket: await this.bucketOrDefault(undefined), prefix: ''}
    const ref = parseLocation(arg, true, arg.startsWith('s3://') ? null : await this.defaultBucket())
    if (ref.kind === 'local') throw new Error('unreachable: a remote by default is never local')
    return {bucket: await this.bucketOrDefault(ref.bucket ?? undefined), prefix: ref.prefix}
  }
}

/** The folder of a location as the user reads it: s3://BUCKET/PREFIX/. */
export function describePrefix(at: PrefixLocation, rel = ''): string {
  return `s3://${at.bucket}/${at.prefix}${rel}`
}
