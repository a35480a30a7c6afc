import { Check, Point, Ratio, point } from "./analysis";
import { PerApp } from "./expect";
import { PlanTiming } from "./plan-timing";

/** The human half of the output; the JSON line is built in cli.ts. */

function pad(value: string, width: number, right = false): string {
    return right ? value.padEnd(width) : value.padStart(width);
}

function num(value: number, digits: number): string {
    return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

function bagText(bag: Readonly<Record<string, number>>): string {
    const total = Object.values(bag).reduce((a, b) => a + b, 0);
    return Number.isInteger(total) ? String(total) : total.toFixed(2);
}

export function pointsTable(all: readonly Point[], sizes: readonly number[]): string[] {
    const header = [
        pad("apps", 5), pad("program", 8, true), pad("runs", 4), pad("wall ms", 9), pad("(min..max)", 19),
        pad("peak MB", 8), pad("+ms/app", 8), pad("+KB/app", 8), pad("res/app", 7), pad("inv/app", 7),
    ].join("  ");
    const lines = [header, "-".repeat(header.length)];
    for (const apps of sizes) {
        for (const kind of ["ours", "floor"] as const) {
            const p = point(all, kind, apps);
            lines.push([
                pad(String(apps), 5), pad(kind, 8, true), pad(String(p.runs), 4), pad(num(p.wallMs, 1), 9),
                pad(`(${num(p.wallMinMs, 1)}..${num(p.wallMaxMs, 1)})`, 19), pad(num(p.peakRssKb / 1024, 1), 8),
                pad(num(p.marginalWallMsPerApp, 3), 8), pad(num(p.marginalPeakKbPerApp, 1), 8),
                pad(apps === 0 ? "-" : bagText(p.perApp.resources), 7), pad(apps === 0 ? "-" : bagText(p.perApp.invokes), 7),
            ].join("  "));
        }
    }
    return lines;
}

export function ratioLines(rs: readonly Ratio[]): string[] {
    return rs.map((r) => `  ${pad(String(r.apps), 4)} apps: time ${num(r.time, 3)}x [${num(r.timeRange[0], 2)}..${num(r.timeRange[1], 2)}], `
        + `peak memory ${num(r.memory, 3)}x [${num(r.memoryRange[0], 2)}..${num(r.memoryRange[1], 2)}], ${r.pairs} pairs`);
}

/** Per-app counts by type at the largest size, beside the expectation. */
export function countsTable(expected: PerApp, ours: PerApp, floor: PerApp): string[] {
    const rows: string[][] = [];
    for (const section of ["resources", "invokes"] as const) {
        const keys = [...new Set([...Object.keys(expected[section]), ...Object.keys(ours[section]), ...Object.keys(floor[section])])].sort();
        for (const key of keys) {
            rows.push([section === "resources" ? "resource" : "invoke", key,
                String(expected[section][key] ?? 0), num(ours[section][key] ?? 0, 0), num(floor[section][key] ?? 0, 0)]);
        }
    }
    const width = Math.max(...rows.map((r) => r[1].length), 10);
    return [
        `  ${pad("", 8, true)}  ${pad("type / token", width, true)}  expected  ours  floor`,
        ...rows.map((r) => `  ${pad(r[0], 8, true)}  ${pad(r[1], width, true)}  ${pad(r[2], 8)}  ${pad(r[3], 4)}  ${pad(r[4], 5)}`),
    ];
}

export function planLines(timings: readonly PlanTiming[]): string[] {
    return timings.map((t) =>
        `  ${pad(t.stack, 8, true)} ${pad(num(t.medianMs, 0), 6)} ms  (${num(t.minMs, 0)}..${num(t.maxMs, 0)}, ${t.runs} runs, ${t.resources} resources)`);
}

export function checkLines(checks: readonly Check[]): string[] {
    return checks.map((c) => `  ${c.pass ? "PASS" : "FAIL"}  ${c.name}: ${c.detail}`);
}
