/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function median(values: readonly number[]): number {
  return percentile(sortedCopy(values), 50);
}

export const round = (n: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** 12345.6 → "12,346". */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export const ms = (n: number, digits = 2): string => `${n.toFixed(digits)} ms`;

export const ratio = (a: number, b: number): number => (b > 0 ? a / b : NaN);
