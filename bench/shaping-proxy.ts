/**
 * A TCP proxy on loopback that makes a local S3 server look remote: every connection is capped
 * at a rate each way and every chunk is delivered a delay after it is sent (bench/pacing.ts).
 * About what one stream to a distant S3 region gets; a client that wants more opens more
 * connections, as S3 advises (parallel ranged GETs, parts in flight).
 *
 *   node --import tsx bench/shaping-proxy.ts --target 127.0.0.1:PORT [--rate 24MiB] [--delay-ms 15]
 *                                            [--port 0] [--max-seconds 10800]
 *
 * Prints `127.0.0.1:<port>` on stdout once it listens. It stops by itself when the process
 * that started it goes away (its parent changes) or after --max-seconds, and on SIGTERM/SIGINT.
 * Bytes pass unchanged (the Host header too, so signatures stay valid); no HTTP is parsed.
 */
import net from 'node:net'
import {performance} from 'node:perf_hooks'
import {Link, parseShapingArgs, type ShapingOptions} from './pacing.js'

/** Forwards `from` to `to` through `link`, in order, holding `from` back while too much waits. */
function shape(from: net.Socket, to: net.Socket, link: Link): void {
  const queue: {chunk: Buffer; at: number}[] = []
  let queued = 0
  let ended = false
  let timer: NodeJS.Timeout | undefined

  const mayResume = () => {
    if (from.isPaused() && queued < link.bufferLimit / 2 && to.writableLength < link.bufferLimit) from.resume()
  }
  const flush = () => {
    timer = undefined
    const now = performance.now()
    // Half a millisecond early is on time: timers have millisecond resolution.
    while (queue.length > 0 && queue[0].at <= now + 0.5) {
      const {chunk} = queue.shift()!
      queued -= chunk.length
      if (!to.destroyed) to.write(chunk)
    }
    if (queue.length > 0) arm()
    else if (ended && !to.destroyed) to.end()
    mayResume()
  }
  const arm = () => {
    if (!timer && queue.length > 0) timer = setTimeout(flush, Math.max(0, queue[0].at - performance.now()))
  }

  from.on('data', (chunk: Buffer) => {
    queue.push({chunk, at: link.deliveryTime(performance.now(), chunk.length)})
    queued += chunk.length
    if (queued > link.bufferLimit) from.pause()
    arm()
  })
  from.on('end', () => {
    ended = true
    if (queue.length === 0 && !to.destroyed) to.end()
  })
  to.on('drain', mayResume)
  // A connection that fails on one side is cut on the other, as a network would.
  from.on('close', (hadError) => {
    if (hadError) {
      clearTimeout(timer)
      to.destroy()
    }
  })
}

function serve(options: ShapingOptions): net.Server {
  const server = net.createServer({allowHalfOpen: true, noDelay: true}, (client) => {
    const upstream = net.connect({...options.target, allowHalfOpen: true, noDelay: true})
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    shape(client, upstream, new Link(options.bytesPerSecond, options.delayMs))
    shape(upstream, client, new Link(options.bytesPerSecond, options.delayMs))
  })
  server.listen(options.port, '127.0.0.1', () => {
    const {port} = server.address() as net.AddressInfo
    process.stdout.write(`127.0.0.1:${port}\n`)
  })
  return server
}

/** Exits when the starting process is gone (the proxy was re-parented) or after `maxSeconds`. */
function stopByItself(maxSeconds: number): void {
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0)
  }, 1000).unref()
  setTimeout(() => process.exit(0), maxSeconds * 1000).unref()
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0))
}

let options: ShapingOptions
try {
  options = parseShapingArgs(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`shaping-proxy: ${(error as Error).message}\n`)
  process.exit(2)
}
stopByItself(options.maxSeconds)
serve(options).on('error', (error) => {
  process.stderr.write(`shaping-proxy: ${error.message}\n`)
  process.exit(1)
})
