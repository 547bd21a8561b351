/**
 * The custom hook events this CLI fires for plugins. A plugin listens by naming the event in
 * its package.json (`"oclif": {"hooks": {"s3:object-uploaded": "./hooks/uploaded.js"}}`).
 * Only types are imported from @oclif/core, so this module costs nothing at start-up.
 */
import type {Config, Hook} from '@oclif/core'
import type {Hooks} from '@oclif/core/interfaces'
import {firstLine} from '../lib/text.js'

/** Fired after an object was stored completely (single PUT or a completed multipart upload). */
export const OBJECT_UPLOADED = 's3:object-uploaded'

export type ObjectUploadedEvent = {
  bucket: string
  key: string
  /** Bytes stored, when known (not known for a stream of unknown length until it ends). */
  size?: number
  eTag?: string
  /** Where the data came from: a local path, `-` for stdin, or `s3://bucket/key` for a copy. */
  source?: string
  /** The command that uploaded it, e.g. `object:put`. */
  commandId?: string
}

/** oclif's hook table plus this CLI's events, for typing listeners and runHook. */
export interface S3Hooks extends Hooks {
  [OBJECT_UPLOADED]: {options: ObjectUploadedEvent; return: void}
}

/** The type of a listener: `const hook: ObjectUploadedHook = async function (event) {...}`. */
export type ObjectUploadedHook = Hook<typeof OBJECT_UPLOADED, S3Hooks>

/**
 * Tells listening plugins about an upload. A listener's failure never fails the upload: oclif
 * collects hook errors, and each one is reported as a warning on stderr.
 */
export async function emitObjectUploaded(config: Config, event: ObjectUploadedEvent): Promise<void> {
  // oclif rethrows errors that carry an exit code unless captureErrors is set.
  const {failures} = await config.runHook<typeof OBJECT_UPLOADED, S3Hooks>(OBJECT_UPLOADED, event, undefined, true)
  for (const {error, plugin} of failures) {
    process.stderr.write(`s3: warning: ${plugin.name} ${OBJECT_UPLOADED} hook failed: ${firstLine(error.message)}\n`)
  }
}
