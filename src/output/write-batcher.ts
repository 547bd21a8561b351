/**
 * Gathers the many small writes of a listing (a line per key) into few: one write per page of
 * keys instead of one per key, which was a system call and a callback awaited per line.
 *
 * What is gathered goes out once it reaches `limit` characters (that write is awaited, so a
 * slow reader holds the listing back), or else as soon as the producer stops to wait for
 * something (the next page): the flush is scheduled with setImmediate, which runs only after
 * the microtasks that hand over a page's items. Output still arrives page by page, and a
 * failure after some items leaves them all written.
 */
export class WriteBatcher {
  private pending: string[] = []
  private size = 0
  private scheduled: NodeJS.Immediate | undefined
  private writing: Promise<void> = Promise.resolve()
  private failure: {error: unknown} | undefined

  constructor(private readonly sink: (text: string) => Promise<void>, private readonly limit = 64 * 1024) {}

  /** Adds text; resolves at once unless `limit` is reached (then when it is written). */
  async add(text: string): Promise<void> {
    if (this.failure) throw this.failure.error
    if (text === '') return
    this.pending.push(text)
    this.size += text.length
    if (this.size >= this.limit) return this.flush()
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined
      this.flush().catch((error: unknown) => (this.failure ??= {error}))
    })
  }

  /** Writes what is gathered; resolves when every write so far is done, rejects if one failed. */
  async flush(): Promise<void> {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
    if (this.pending.length > 0) {
      const text = this.pending.join('')
      this.pending = []
      this.size = 0
      this.writing = this.writing.then(() => this.sink(text))
    }
    await this.writing
  }
}
