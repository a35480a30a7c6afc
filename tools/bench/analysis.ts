import { PerApp } from "./expect";
import { Kind, Measurement } from "./job";
import { marginalPerApp, max, median, min } from "./stats";

/** Medians per size and kind, and the costs per app above the 0-app run of the same kind. */

export interface Point {
    readonly apps: number;
    readonly kind: Kind;
    readonly runs: number;
    readonly wallMs: number;
    readonly wallMinMs: number;
    readonly wallMaxMs: number;
    readonly cpuMs: number;
    readonly peakRssKb: number;
    /** NaN at 0 apps. */
    readonly marginalWallMsPerApp: number;
    readonly marginalPeakKbPerApp: number;
    readonly perApp: PerApp;
    /** False when the runs of this point did not all declare the same. */
    readonly countsStable: boolean;
}

/** A measurement and the round of the benchmark it was taken in. */
export interface RoundMeasurement extends Measurement {
    readonly round: number;
}

export interface Ratio {
    readonly apps: number;
    /** Rounds in which both programs ran at this size. */
    readonly pairs: number;
    readonly time: number;
    readonly memory: number;
    readonly timeRange: readonly [number, number];
    readonly memoryRange: readonly [number, number];
}

export interface Check {
    readonly name: string;
    readonly pass: boolean;
    readonly detail: string;
}

function countsKey(m: Measurement): string {
    const sorted = (bag: Readonly<Record<string, number>>) => Object.keys(bag).sort().map((k) => `${k}=${bag[k]}`).join(",");
    return `${sorted(m.resources)}|${sorted(m.invokes)}`;
}

function perApp(at: Readonly<Record<string, number>>, zero: Readonly<Record<string, number>>, apps: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of new Set([...Object.keys(at), ...Object.keys(zero)])) {
        const n = ((at[key] ?? 0) - (zero[key] ?? 0)) / apps;
        if (n !== 0) {
            out[key] = n;
        }
    }
    return out;
}

export function points(measurements: readonly Measurement[], sizes: readonly number[]): Point[] {
    const out: Point[] = [];
    for (const kind of ["ours", "floor"] as const) {
        const of = (apps: number) => measurements.filter((m) => m.kind === kind && m.apps === apps);
        const zero = of(0);
        const zeroWall = median(zero.map((m) => m.wallMs));
        const zeroPeak = median(zero.map((m) => m.peakRssKb));
        for (const apps of sizes) {
            const runs = of(apps);
            const wall = runs.map((m) => m.wallMs);
            const peak = median(runs.map((m) => m.peakRssKb));
            const first = runs[0];
            out.push({
                apps,
                kind,
                runs: runs.length,
                wallMs: median(wall),
                wallMinMs: min(wall),
                wallMaxMs: max(wall),
                cpuMs: median(runs.map((m) => m.cpuMs)),
                peakRssKb: peak,
                marginalWallMsPerApp: marginalPerApp(median(wall), zeroWall, apps),
                marginalPeakKbPerApp: marginalPerApp(peak, zeroPeak, apps),
                perApp: apps === 0 || zero.length === 0
                    ? { resources: {}, invokes: {} }
                    : { resources: perApp(first.resources, zero[0].resources, apps), invokes: perApp(first.invokes, zero[0].invokes, apps) },
                countsStable: runs.every((m) => countsKey(m) === countsKey(first)),
            });
        }
    }
    return out;
}

export function point(all: readonly Point[], kind: Kind, apps: number): Point {
    const found = all.find((p) => p.kind === kind && p.apps === apps);
    if (!found) {
        throw new Error(`no ${kind} point at ${apps} apps`);
    }
    return found;
}

/**
 * The marginal ratio ours / floor per size: each round's ours run against the
 * floor run right beside it (both minus their kind's 0-app median), and the
 * median of those pairs. A slow spell of the machine hits both runs of a pair,
 * so pairing cancels what a ratio of two separate medians would keep.
 */
export function ratios(measurements: readonly RoundMeasurement[], sizes: readonly number[]): Ratio[] {
    const zero = (kind: Kind, pick: (m: Measurement) => number) =>
        median(measurements.filter((m) => m.kind === kind && m.apps === 0).map(pick));
    const wall = (m: Measurement) => m.wallMs;
    const peak = (m: Measurement) => m.peakRssKb;
    return sizes.filter((n) => n > 0).map((apps) => {
        const times: number[] = [];
        const memories: number[] = [];
        for (const ours of measurements.filter((m) => m.kind === "ours" && m.apps === apps)) {
            const floor = measurements.find((m) => m.kind === "floor" && m.apps === apps && m.round === ours.round);
            if (!floor) {
                continue;
            }
            times.push((ours.wallMs - zero("ours", wall)) / (floor.wallMs - zero("floor", wall)));
            memories.push((ours.peakRssKb - zero("ours", peak)) / (floor.peakRssKb - zero("floor", peak)));
        }
        return { apps, pairs: times.length, time: median(times), memory: median(memories), timeRange: [min(times), max(times)], memoryRange: [min(memories), max(memories)] };
    });
}

/** Differences between two per-app bags, as `key: expected -> actual` lines. */
export function bagDifferences(expected: Readonly<Record<string, number>>, actual: Readonly<Record<string, number>>): string[] {
    const lines: string[] = [];
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
        const e = expected[key] ?? 0;
        const a = actual[key] ?? 0;
        if (e !== a) {
            lines.push(`${key}: expected ${e}, declared ${a}${a > e ? " (extra)" : " (missing)"}`);
        }
    }
    return lines;
}
