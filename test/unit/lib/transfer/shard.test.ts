import assert from 'node:assert/strict'
import {inShard, parseShard} from '../../../../src/lib/transfer/shard.js'

describe('--shard K/N', function () {
  it('reads K/N with 0 <= K < N, and refuses anything else', function () {
    assert.deepEqual(parseShard('0/4'), {index: 0, count: 4})
    assert.deepEqual(parseShard(' 3/4 '), {index: 3, count: 4})
    for (const bad of ['4/4', '1/0', '-1/2', 'a/b', '1', '1/2/3']) assert.throws(() => parseShard(bad), /invalid shard/)
  })

  it('puts every path in exactly one shard, the same one every time, and spreads them', function () {
    const paths = Array.from({length: 1000}, (_, i) => `dir${i % 7}/file-${i}.txt`)
    const counts = [0, 0, 0, 0]
    for (const p of paths) {
      const owners = [0, 1, 2, 3].filter((index) => inShard(p, {index, count: 4}))
      assert.equal(owners.length, 1)
      assert.ok(inShard(p, {index: owners[0], count: 4}))
      counts[owners[0]]++
    }
    for (const c of counts) assert.ok(c > 180 && c < 320, `uneven shards: ${counts.join(' ')}`)
    assert.ok(inShard('x', undefined))
  })
})
