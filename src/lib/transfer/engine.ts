/**
 * The worker pool under every batch command: tasks are pulled from a stream (a listing being
 * read, never the whole listing in memory) by `concurrency` workers. One task failing does not
 * stop the others: it is reported and counted. An abort stops pulling new tasks and lets the
 * ones in flight end (each cleans up after itself: uploads aborted, temp files removed). A
 * listing that fails stops the pulling the same way: the files in flight end, then the
 * listing's error is thrown (so a plan that yields its deletions last never deletes).
 */

export type TransferAction = 'upload' | 'download' | 'copy' | 'delete' | 'skip'

/** One file acted on (or planned, or skipped), as the NDJSON output shows it. */
export interface TransferRecord {
  action: TransferAction
  source: string
  destination?: string
  size?: number
  /** Why a skip was skipped, or why an action failed. */
  reason?: string
  error?: string
}

export interface TransferTask {
  /** What the task does: one record, or several for a batched request (DeleteObjects). */
  records: TransferRecord[]
  /** Bytes it moves, for progress and the summary. */
  bytes: number
  /** Does the work; resolves with the records that failed inside a batch (and why), if any. */
  run(signal: AbortSignal): Promise<Array<{record: TransferRecord; error: string}> | void>
}

/**
 * Thrown by a task's run when, at the time of the work, the file must be left alone (a link
 * in the way of a write): reported as a skip with this message as the reason, not a failure.
 */
export class SkipFile extends Error {}

export interface TransferTotals {
  /** Files sent or fetched (or planned, in a dry run), deletes not included... */
  done: number
  /** ...which are counted here: a sync's extras, a move's or delete's keys. */
  deleted: number
  failed: number
  skipped: number
  bytes: number
  seconds: number
}

export interface RunOptions {
  concurrency: number
  /**
   * Tasks moving at least `bytes` take one of `limit` slots too: many small files in flight
   * hide round trips, while big ones (each with its parts in flight) would only contend.
   */
  big?: {bytes: number; limit: number}
  signal: AbortSignal
  /** Called for every record once its task ended: with `error` set when it failed. */
  onRecord?(record: TransferRecord): void | Promise<void>
}

export async function runTransfers(tasks: AsyncIterable<TransferTask>, options: RunOptions): Promise<TransferTotals> {
  const started = Date.now()
  const totals = {done: 0, deleted: 0, failed: 0, skipped: 0, bytes: 0}
  const source = tasks[Symbol.asyncIterator]()
  let pulling: Promise<IteratorResult<TransferTask>> | undefined
  let pullFailure: {error: unknown} | undefined
  // Workers take turns at the one iterator: a listing is read by one reader at a time.
  const next = async (): Promise<TransferTask | undefined> => {
    if (pullFailure) return undefined
    const previous = pulling ?? Promise.resolve(undefined)
    pulling = previous.then(() => (options.signal.aborted || pullFailure ? {done: true as const, value: undefined} : source.next()))
    try {
      const result = await pulling
      return result.done ? undefined : result.value
    } catch (error) {
      pullFailure ??= {error} // the others end their files in flight and stop
      return undefined
    }
  }
  const report = async (record: TransferRecord) => {
    if (record.error !== undefined) totals.failed++
    else if (record.action === 'skip') totals.skipped++
    else if (record.action === 'delete') totals.deleted++
    else totals.done++
    await options.onRecord?.(record)
  }
  const bigSlots = options.big ? new Slots(options.big.limit) : undefined
  const runTask = async (task: TransferTask) => {
    if (!bigSlots || task.bytes < options.big!.bytes) return task.run(options.signal)
    await bigSlots.take()
    try {
      return await task.run(options.signal)
    } finally {
      bigSlots.give()
    }
  }
  const worker = async () => {
    for (let task = await next(); task; task = await next()) {
      let failures: Array<{record: TransferRecord; error: string}> = []
      try {
        failures = (await runTask(task)) ?? []
        totals.bytes += task.bytes
      } catch (error) {
        if (error instanceof SkipFile) {
          for (const record of task.records) await report({...record, action: 'skip', reason: error.message})
          continue
        }
        const message = (error as Error)?.message ?? String(error)
        failures = task.records.filter((r) => r.action !== 'skip').map((record) => ({record, error: message}))
      }
      const failed = new Map(failures.map((f) => [f.record, f.error]))
      for (const record of task.records) await report(failed.has(record) ? {...record, error: failed.get(record)} : record)
    }
  }
  try {
    await Promise.all(Array.from({length: Math.max(1, options.concurrency)}, worker))
  } finally {
    if (!pullFailure) await source.return?.()
  }
  if (pullFailure) throw pullFailure.error
  return {...totals, seconds: (Date.now() - started) / 1000}
}

/** A counting semaphore: take() waits while all `free` slots are taken. */
class Slots {
  private readonly waiting: Array<() => void> = []

  constructor(private free: number) {}

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  give(): void {
    const next = this.waiting.shift()
    if (next) next() // the slot passes straight to the next in line
    else this.free++
  }
}
