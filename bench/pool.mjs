// Runs work(item) for every item, `width` at a time: the shape both library scripts share.
export async function eachInPool(items, width, work) {
  let next = 0
  await Promise.all(Array.from({length: Math.min(width, items.length)}, async () => {
    while (next < items.length) await work(items[next++])
  }))
}
