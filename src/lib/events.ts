/**
 * What the library tells whoever listens: every object stored, every object deleted, every
 * request tried again. One observer is given to the connection (`new S3Connection(options,
 * {observer})`); Storage reports to it from the one place each write happens, so a single
 * `put` and a batch of a million files report alike. The CLI wires it once to oclif hooks
 * (src/cli/events.ts); a script may pass its own.
 *
 * An observer's failure never fails the operation it hears about: it is logged and dropped.
 */

/** An object was stored completely: a PUT, a completed multipart upload, a copy, a metadata update. */
export interface StoredEvent {
  bucket: string
  key: string
  /** Bytes stored, when known. */
  size?: number
  eTag?: string
  versionId?: string
  /** Where the data came from: a local path, `-` for a stream (stdin), or `s3://bucket/key` for a copy. */
  source?: string
  /** The Storage method that stored it: write, copy, updateMetadata. */
  op: string
}

/** An object (or one version of it) was deleted: by delete, or as one key of a DeleteObjects request. */
export interface DeletedEvent {
  bucket: string
  key: string
  versionId?: string
  /** The Storage method: delete, deleteObjects, bucketEmpty. */
  op: string
}

/** A request failed and is about to be tried again. */
export interface RetriedEvent {
  op: string
  method: string
  bucket?: string
  key?: string
  /** The try that failed (from 1). */
  attempt: number
  /** Why: S3's error code or the network error's (SlowDown, ECONNRESET...). */
  code: string
  /** The wait before the next try. */
  delaySeconds: number
}

/** Each method is optional; a listener may be async (the operation waits for it). */
export interface StorageObserver {
  stored?(event: StoredEvent): void | Promise<void>
  deleted?(event: DeletedEvent): void | Promise<void>
  retried?(event: RetriedEvent): void | Promise<void>
}

/** The observer as the library calls it: never throws, and costs nothing when nobody listens. */
export class StorageEvents {
  constructor(private readonly observer: StorageObserver = {}, private readonly log: (line: string) => void = () => {}) {}

  /** Does anyone hear `name`? Callers skip building events nobody hears. */
  hears(name: keyof StorageObserver): boolean {
    return typeof this.observer[name] === 'function'
  }

  stored(event: StoredEvent): Promise<void> {
    return this.tell('stored', event)
  }

  deleted(event: DeletedEvent): Promise<void> {
    return this.tell('deleted', event)
  }

  retried(event: RetriedEvent): Promise<void> {
    return this.tell('retried', event)
  }

  private async tell<K extends keyof StorageObserver>(name: K, event: Parameters<NonNullable<StorageObserver[K]>>[0]): Promise<void> {
    const listener = this.observer[name] as ((e: typeof event) => void | Promise<void>) | undefined
    if (!listener) return
    try {
      await listener.call(this.observer, event)
    } catch (error) {
      this.log(`the ${name} observer failed: ${(error as Error)?.message ?? String(error)}`)
    }
  }
}
