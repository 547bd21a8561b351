/**
 * BucketCommand, the base of the bucket commands, and what they share: the BUCKET argument
 * (default: --bucket / default_bucket), --param k=v parsing, and how a nested document is
 * shown as human text.
 */
import * as Args from '@oclif/core/args'
import {type Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import {S3Command} from '../../base-command.js'
import {ValueError} from '../../lib/types.js'
import {renderYaml} from '../../output/format.js'

export const bucketArg = Args.string({description: 'bucket name (default: --bucket or default_bucket from the config)', required: false})

export const paramFlag = Flags.string({
  char: 'p',
  description: 'query parameter sent to S3, as name=value (repeatable)',
  multiple: true,
  helpValue: 'NAME=VALUE',
})

export abstract class BucketCommand<T extends typeof Command> extends S3Command<T> {
  /** BUCKET, else --bucket / default_bucket; a usage error (exit 2) when there is none. */
  protected bucketName(): Promise<string> {
    return this.bucketOrDefault(plainBucket((this.args as {bucket?: string}).bucket))
  }

  /** The parsed flags by name, for commands generated from the table (their flags vary by row). */
  protected get flagValues(): Record<string, unknown> {
    return this.flags as Record<string, unknown>
  }

  /** Prints a document: YAML as the human form (it is also a valid setter input), else the chosen format. */
  protected async outputDocument(value: unknown): Promise<void> {
    if (this.format !== 'text') return this.output(value)
    await this.write(await renderYaml(value))
  }
}

/** BUCKET as aws's mb and rb take it too: `s3://BUCKET` (or `s3://BUCKET/`) is BUCKET. */
export function plainBucket(arg: string | undefined): string | undefined {
  if (arg === undefined || !arg.startsWith('s3://')) return arg
  const name = arg.slice(5).replace(/\/$/, '')
  if (name.includes('/')) throw new ValueError(`"${arg}" names a key or prefix: a bucket command takes BUCKET or s3://BUCKET`)
  return name
}

/** `--param a=1 --param b` -> {a: '1', b: ''}. */
export function parseParams(params: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const param of params ?? []) {
    const at = param.indexOf('=')
    const name = at < 0 ? param : param.slice(0, at)
    if (!name) throw new ValueError(`--param ${JSON.stringify(param)}: expected NAME=VALUE`)
    out[name] = at < 0 ? '' : param.slice(at + 1)
  }
  return out
}
