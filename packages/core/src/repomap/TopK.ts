/**
 * Partial sorting: the best few of many scored items.
 *
 * @internal
 */

/** The best `k` of `0..count-1` in order, without sorting them all (a bounded heap, worst on top). */
export const selectTop = (count: number, k: number, order: (a: number, b: number) => number): Array<number> => {
  if (k >= count) return Array.from({ length: count }, (_, i) => i).sort(order)
  const heap: Array<number> = []
  const worse = (a: number, b: number) => order(a, b) > 0
  const swap = (i: number, j: number) => {
    const t = heap[i]!
    heap[i] = heap[j]!
    heap[j] = t
  }
  for (let item = 0; item < count; item++) {
    if (heap.length < k) {
      heap.push(item)
      for (let i = heap.length - 1; i > 0 && worse(heap[i]!, heap[(i - 1) >> 1]!); i = (i - 1) >> 1) swap(i, (i - 1) >> 1)
    } else if (k > 0 && worse(heap[0]!, item)) {
      heap[0] = item
      for (let i = 0; ; ) {
        const l = 2 * i + 1
        let w = i
        if (l < heap.length && worse(heap[l]!, heap[w]!)) w = l
        if (l + 1 < heap.length && worse(heap[l + 1]!, heap[w]!)) w = l + 1
        if (w === i) break
        swap(i, w)
        i = w
      }
    }
  }
  return heap.sort(order)
}
