/**
 * Area codes nest by prefix, so in a sorted list of codes the ones under an area are contiguous:
 * [first, end) of those that start with `prefix`, found by binary search.
 */
export function prefixRange(sorted: readonly string[], prefix: string): [number, number] {
  return [lowerBound(sorted, prefix), lowerBound(sorted, `${prefix}:`)]; // ':' sorts after '9'
}

/** The first index whose code is not below `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
