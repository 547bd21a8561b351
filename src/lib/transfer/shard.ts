/**
 * --shard K/N: a deterministic share of a batch, by a hash of each relative path, so N
 * machines that run the same command with K = 0..N-1 split the work between them with no
 * coordination (each file lands in exactly one shard, the same one on every machine).
 */
import {createHash} from 'node:crypto'
import {ValueError} from '../types.js'

export interface Shard {
  index: number
  count: number
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || !(count >= 1) || !(index < count)) throw new ValueError(`invalid shard "${text}": use K/N with 0 <= K < N, e.g. 0/4`)
  return {index, count}
}

export function inShard(rel: string, shard: Shard | undefined): boolean {
  if (!shard || shard.count === 1) return true
  return createHash('md5').update(rel).digest().readUInt32BE(0) % shard.count === shard.index
}
