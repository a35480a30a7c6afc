/** Order statistics for small samples; medians, because a noisy machine has outliers, not a bell curve. */

export function median(values: readonly number[]): number {
    if (values.length === 0) {
        return Number.NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function min(values: readonly number[]): number {
    return Math.min(...values);
}

export function max(values: readonly number[]): number {
    return Math.max(...values);
}

/** Cost per app above the 0-app run of the same kind, so fixed start-up cancels out. */
export function marginalPerApp(atSize: number, atZero: number, apps: number): number {
    return apps === 0 ? Number.NaN : (atSize - atZero) / apps;
}

export function round(value: number, digits = 2): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}
