/**
 * The custom hook events this CLI fires for plugins. A plugin listens by naming the event in
 * its package.json (`"oclif": {"hooks": {"s3:object-uploaded": "./hooks/uploaded.js"}}`).
 * They are wired once (`hookObserver`): the library's observer (src/lib/events.ts) hears
 * every store, delete and retry of every command, single or batch, and each becomes a hook.
 * Only types are imported from @oclif/core, so this module costs nothing at start-up.
 */
import type {Config, Hook} from '@oclif/core'
import type {Hooks} from '@oclif/core/interfaces'
import type {DeletedEvent, RetriedEvent, StorageObserver, StoredEvent} from '../lib/events.js'
import {firstLine} from '../lib/text.js'

/** Fired after an object was stored completely (a PUT, a completed multipart upload, a copy, a metadata update). */
export const OBJECT_UPLOADED = 's3:object-uploaded'
/** Fired after an object (or one version) was deleted. */
export const OBJECT_DELETED = 's3:object-deleted'
/** Fired when a request failed and is about to be tried again. */
export const REQUEST_RETRIED = 's3:request-retried'

/**
 * What a plugin hears: the library's event (src/lib/events.ts) and the command that caused it,
 * e.g. `object:put`. Mapped, not intersected, so it stays a plain object type oclif's hook table takes.
 */
type FromCommand<Event> = {[K in keyof Event]: Event[K]} & {commandId?: string}

/** An object stored completely; `source` is a local path, `-` for stdin, or `s3://bucket/key` for a copy. */
export type ObjectUploadedEvent = FromCommand<Omit<StoredEvent, 'op'>>
export type ObjectDeletedEvent = FromCommand<Omit<DeletedEvent, 'op'>>
/** `op` is the library method whose request failed (write, read, deleteObjects...). */
export type RequestRetriedEvent = FromCommand<RetriedEvent>

/** oclif's hook table plus this CLI's events, for typing listeners and runHook. */
export interface S3Hooks extends Hooks {
  [OBJECT_UPLOADED]: {options: ObjectUploadedEvent; return: void}
  [OBJECT_DELETED]: {options: ObjectDeletedEvent; return: void}
  [REQUEST_RETRIED]: {options: RequestRetriedEvent; return: void}
}

/** The type of a listener: `const hook: ObjectUploadedHook = async function (event) {...}`. */
export type ObjectUploadedHook = Hook<typeof OBJECT_UPLOADED, S3Hooks>
export type ObjectDeletedHook = Hook<typeof OBJECT_DELETED, S3Hooks>
export type RequestRetriedHook = Hook<typeof REQUEST_RETRIED, S3Hooks>

type S3Event = typeof OBJECT_UPLOADED | typeof OBJECT_DELETED | typeof REQUEST_RETRIED

/**
 * The library's observer for one command: each store, delete and retry fires its hook with the
 * command's id. Events no plugin listens to are not wired at all, so a batch of a million
 * files pays nothing for them.
 */
export function hookObserver(config: Config, commandId: string | undefined): StorageObserver {
  const heard = (event: S3Event) => config.plugins && [...config.plugins.values()].some((plugin) => (plugin.hooks?.[event]?.length ?? 0) > 0)
  const observer: StorageObserver = {}
  if (heard(OBJECT_UPLOADED)) {
    observer.stored = ({bucket, key, size, eTag, versionId, source}) =>
      emit(config, OBJECT_UPLOADED, withoutUndefined({bucket, key, size, eTag, versionId, source, commandId}))
  }
  if (heard(OBJECT_DELETED)) {
    observer.deleted = ({bucket, key, versionId}) => emit(config, OBJECT_DELETED, withoutUndefined({bucket, key, versionId, commandId}))
  }
  if (heard(REQUEST_RETRIED)) {
    observer.retried = (event) => emit(config, REQUEST_RETRIED, withoutUndefined({...event, commandId}))
  }
  return observer
}

/** Tells listening plugins about an upload (kept for plugins and tests that fire it themselves). */
export function emitObjectUploaded(config: Config, event: ObjectUploadedEvent): Promise<void> {
  return emit(config, OBJECT_UPLOADED, event)
}

/**
 * Fires one event. A listener's failure never fails the command: oclif collects hook errors,
 * and each one is reported as a warning on stderr.
 */
async function emit<E extends S3Event>(config: Config, name: E, event: S3Hooks[E]['options']): Promise<void> {
  // oclif rethrows errors that carry an exit code unless captureErrors is set.
  const {failures} = await config.runHook<E, S3Hooks>(name, event, undefined, true)
  for (const {error, plugin} of failures) {
    process.stderr.write(`s3: warning: ${plugin.name} ${name} hook failed: ${firstLine(error.message)}\n`)
  }
}

/** The event without its absent fields, so listeners see `{bucket, key}`, not `versionId: undefined`. */
function withoutUndefined<T extends object>(event: T): T {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as T
}
