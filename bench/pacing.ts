/**
 * The arithmetic of the shaping proxy (bench/shaping-proxy.ts), kept pure so it is unit-tested:
 * one direction of one connection is a link that sends `bytesPerSecond` and delivers each chunk
 * `delayMs` after it has been sent, like a path to a distant region: the delay is latency,
 * paid once per chunk but overlapped between chunks, not a pause between them.
 */

const UNITS: Record<string, number> = {
  '': 1, B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, KB: 1e3, MB: 1e6, GB: 1e9,
}

/** '24MiB' -> bytes (per second, for a rate); a bare number is bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?$/.exec(text.trim())
  const unit = match ? UNITS[match[2] ?? ''] : undefined
  if (!match || unit === undefined) throw new Error(`not a size: '${text}' (e.g. 24MiB)`)
  const bytes = Number(match[1]) * unit
  if (!(bytes > 0)) throw new Error(`a size must be above 0: '${text}'`)
  return bytes
}

/**
 * When each chunk of one direction arrives at the far end. A chunk waits for the link to be
 * free (the chunks before it still being sent), takes bytes / rate to send, then `delayMs` to
 * arrive. An idle link banks no credit: after a pause the next chunk goes at the rate again,
 * not in a burst.
 */
export class Link {
  /** When the link has sent everything given to it so far (ms, on the caller's clock). */
  private freeAt = -Infinity

  constructor(readonly bytesPerSecond: number, readonly delayMs: number) {
    if (!(bytesPerSecond > 0)) throw new Error('the rate must be above 0')
    if (!(delayMs >= 0)) throw new Error('the delay must be 0 or more')
  }

  /** A chunk of `bytes` handed to the link at `nowMs`: the time it is delivered. */
  deliveryTime(nowMs: number, bytes: number): number {
    const start = Math.max(nowMs, this.freeAt)
    this.freeAt = start + (bytes * 1000) / this.bytesPerSecond
    return this.freeAt + this.delayMs
  }

  /**
   * How many bytes may wait in the proxy before it stops reading the sender: what the link
   * carries during one delay plus 100 ms of sending, so the link never idles for want of data
   * while a slow reader still holds the sender back, as TCP's window would.
   */
  get bufferLimit(): number {
    return Math.max(64 * 1024, Math.ceil((this.bytesPerSecond * (this.delayMs + 100)) / 1000))
  }
}

export interface ShapingOptions {
  /** host:port of the server behind the proxy (loopback only). */
  target: {host: string; port: number}
  /** The port to listen on, on 127.0.0.1 (0: any free port). */
  port: number
  bytesPerSecond: number
  delayMs: number
  /** The proxy exits by itself after this long, whatever happens. */
  maxSeconds: number
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1|\[::1\])$/

/** The command line of the proxy -> its options; throws a one-line message on bad input. */
export function parseShapingArgs(argv: string[]): ShapingOptions {
  const values: Record<string, string> = {}
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]]
    if (!['--target', '--port', '--rate', '--delay-ms', '--max-seconds'].includes(name)) throw new Error(`unknown option '${name}'`)
    if (value === undefined) throw new Error(`${name} needs a value`)
    values[name] = value
  }
  if (!values['--target']) throw new Error('--target HOST:PORT is required')
  const target = /^(.+):(\d+)$/.exec(values['--target'].replace(/^https?:\/\//, '').replace(/\/$/, ''))
  if (!target) throw new Error(`--target must be HOST:PORT, not '${values['--target']}'`)
  if (!LOOPBACK.test(target[1])) throw new Error(`--target must be on loopback, not '${target[1]}'`)
  const count = (name: string, fallback: number) => {
    const n = values[name] === undefined ? fallback : Number(values[name])
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of 0 or more`)
    return n
  }
  return {
    target: {host: target[1].replace(/^\[|\]$/g, ''), port: Number(target[2])},
    port: count('--port', 0),
    bytesPerSecond: parseSize(values['--rate'] ?? '24MiB'),
    delayMs: count('--delay-ms', 15),
    maxSeconds: count('--max-seconds', 3 * 3600),
  }
}
