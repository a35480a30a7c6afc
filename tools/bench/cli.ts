import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { Check, Point, Ratio, RoundMeasurement, bagDifferences, point, points, ratios } from "./analysis";
import { PerApp, expectedPerApp } from "./expect";
import { appTemplates } from "./floor";
import { Job, Kind, runJob } from "./job";
import { PlanTiming, timePlans } from "./plan-timing";
import { summarize } from "./profile";
import { Recording, canonicalLines } from "./record";
import { checkLines, countsTable, planLines, pointsTable, ratioLines } from "./report";
import { round } from "./stats";
import { BENCH_STACK, benchSettings, generatedApps } from "./workload";

/**
 * npm run bench [-- --sizes 0,10,100,500] [--runs 5] [--plan-runs 3] [--skip-plan] [--profile DIR]
 *
 * Measures what the stack program costs per app under Pulumi's mock
 * runtime, against the floor: the same declarations written by hand.
 * Progress goes to stderr; stdout gets the report and, last, one JSON line.
 * Exits 1 when a target is missed.
 */

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** The targets. */
const MAX_RATIO = 1.15;
const MAX_GROWTH = 1.3;

interface Prepared {
    readonly floorFile: string;
    readonly preload: Record<Kind, string[]>;
    /** Differences between what ours and the floor declare, by size. */
    readonly mismatches: Map<number, string[]>;
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/**
 * Records what our program declares at every size, makes the floor from
 * the smallest recording with both languages, and checks that the floor,
 * recorded the same way, declares exactly the same at every size. The
 * recordings also tell each kind which modules to load before its clock.
 */
async function prepare(sizes: readonly number[], workDir: string): Promise<Prepared> {
    const counted = sizes.filter((n) => n > 0);
    const record = async (kind: Kind, apps: number, floorFile?: string): Promise<Recording> => {
        const recordFile = path.join(workDir, `record-${kind}-${apps}.json`);
        await runJob({ kind, apps, preload: [], floorFile, recordFile }, workDir);
        progress(`recorded ${kind} at ${apps} apps`);
        return JSON.parse(fs.readFileSync(recordFile, "utf8")) as Recording;
    };
    const ours = new Map<number, Recording>();
    for (const apps of counted) {
        ours.set(apps, await record("ours", apps));
    }
    const templateSize = counted.find((n) => n >= 2);
    if (templateSize === undefined) {
        throw new Error("the floor is made from a recording of at least 2 apps (one per language): include a size of 2 or more");
    }
    const templates = appTemplates(ours.get(templateSize) as Recording, generatedApps(templateSize));
    const floorFile = path.join(workDir, "floor-templates.json");
    fs.writeFileSync(floorFile, JSON.stringify(templates));

    const mismatches = new Map<number, string[]>();
    const floorModules = new Set<string>();
    for (const apps of counted) {
        const floor = await record("floor", apps, floorFile);
        floor.loadedModules.forEach((m) => floorModules.add(m));
        mismatches.set(apps, multisetDifference(canonicalLines(ours.get(apps) as Recording), canonicalLines(floor)));
    }
    const oursModules = new Set([...ours.values()].flatMap((r) => r.loadedModules));
    return { floorFile, preload: { ours: [...oursModules], floor: [...floorModules] }, mismatches };
}

function multisetDifference(a: readonly string[], b: readonly string[]): string[] {
    const counts = new Map<string, number>();
    a.forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
    b.forEach((l) => counts.set(l, (counts.get(l) ?? 0) - 1));
    return [...counts].filter(([, n]) => n !== 0).map(([l, n]) => `${n > 0 ? "only ours" : "only floor"} (${Math.abs(n)}x): ${l.slice(0, 300)}`);
}

/** Small sizes cost little and vary most relative to their size, so they get more runs. */
function runsFor(apps: number, runs: number): number {
    return apps <= 10 ? runs * 3 : apps <= 100 ? runs + 2 : runs;
}

async function measure(sizes: readonly number[], runs: number, prepared: Prepared, workDir: string): Promise<RoundMeasurement[]> {
    const out: RoundMeasurement[] = [];
    const rounds = Math.max(...sizes.map((n) => runsFor(n, runs)));
    // Sizes in alternation too, so a slow spell of the machine is shared out instead of landing on one size.
    for (let r = 0; r < rounds; r++) {
        for (const apps of sizes) {
            if (r >= runsFor(apps, runs)) {
                continue;
            }
            for (const kind of ["ours", "floor"] as const) {
                const job: Job = { kind, apps, preload: prepared.preload[kind], floorFile: prepared.floorFile };
                const m = await runJob(job, workDir);
                out.push({ ...m, round: r });
                progress(`round ${r + 1}/${rounds}: ${kind} ${apps} apps: ${m.wallMs.toFixed(1)} ms, ${(m.peakRssKb / 1024).toFixed(1)} MB`);
            }
        }
    }
    return out;
}

function checks(all: readonly Point[], rs: readonly Ratio[], sizes: readonly number[], expected: PerApp, prepared: Prepared): Check[] {
    const counted = sizes.filter((n) => n > 0);
    const largest = Math.max(...counted);
    const smallest = Math.min(...counted);
    const out: Check[] = [];
    const ratio = rs.find((r) => r.apps === largest) as Ratio;
    out.push({
        name: `time, marginal ours/floor at ${largest} apps`,
        pass: ratio.time <= MAX_RATIO,
        detail: `${ratio.time.toFixed(3)} (limit ${MAX_RATIO})`,
    });
    out.push({
        name: `peak memory, marginal ours/floor at ${largest} apps`,
        pass: ratio.memory <= MAX_RATIO,
        detail: `${ratio.memory.toFixed(3)} (limit ${MAX_RATIO})`,
    });
    const big = point(all, "ours", largest).marginalWallMsPerApp;
    const small = point(all, "ours", smallest).marginalWallMsPerApp;
    out.push({
        name: `linear growth, ours ms/app at ${largest} vs ${smallest} apps`,
        pass: big <= MAX_GROWTH * small,
        detail: `${big.toFixed(3)} vs ${small.toFixed(3)} ms/app: ${(big / small).toFixed(3)}x (limit ${MAX_GROWTH}x)`,
    });
    for (const kind of ["ours", "floor"] as const) {
        const wrong: string[] = [];
        for (const apps of counted) {
            const p = point(all, kind, apps);
            const diffs = [...bagDifferences(expected.resources, p.perApp.resources), ...bagDifferences(expected.invokes, p.perApp.invokes)];
            diffs.forEach((d) => wrong.push(`at ${apps} apps ${d}`));
            if (!p.countsStable) {
                wrong.push(`at ${apps} apps the runs did not all declare the same`);
            }
        }
        out.push({
            name: `${kind}: resources and invokes per app are what the destinations need`,
            pass: wrong.length === 0,
            detail: wrong.length === 0 ? `exactly as expected at ${counted.join(", ")} apps` : wrong.join("; "),
        });
    }
    const mismatched = [...prepared.mismatches].filter(([, d]) => d.length > 0);
    out.push({
        name: "floor declares exactly what ours declares (types, names, parents, inputs, options, invokes)",
        pass: mismatched.length === 0,
        detail: mismatched.length === 0
            ? `identical at ${counted.join(", ")} apps`
            : mismatched.map(([apps, d]) => `at ${apps} apps ${d.length} differences, first: ${d.slice(0, 3).join(" | ")}`).join("; "),
    });
    return out;
}

function jsonPoint(p: Point): Record<string, unknown> {
    return {
        apps: p.apps, kind: p.kind, runs: p.runs,
        wallMs: round(p.wallMs, 2), wallMinMs: round(p.wallMinMs, 2), wallMaxMs: round(p.wallMaxMs, 2), cpuMs: round(p.cpuMs, 2),
        peakRssKb: p.peakRssKb,
        marginalWallMsPerApp: round(p.marginalWallMsPerApp, 4), marginalPeakKbPerApp: round(p.marginalPeakKbPerApp, 2),
        resourcesPerApp: p.perApp.resources, invokesPerApp: p.perApp.invokes,
    };
}

async function profileMode(sizes: readonly number[], dir: string, workDir: string): Promise<void> {
    const prepared = await prepare(sizes, workDir);
    const apps = Math.max(...sizes);
    fs.mkdirSync(dir, { recursive: true });
    for (const kind of ["ours", "floor"] as const) {
        await runJob({ kind, apps, preload: prepared.preload[kind], floorFile: prepared.floorFile, profileDir: path.resolve(dir) }, workDir);
        const file = path.join(path.resolve(dir), `${kind}-${apps}.cpuprofile`);
        const s = summarize(file, 30);
        const lines = [
            `${kind} at ${apps} apps: ${s.totalMs.toFixed(0)} ms of samples (profile: ${file})`,
            "  self time by area:",
            ...s.areas.slice(0, 15).map((a) => `    ${a.ms.toFixed(1).padStart(9)} ms  ${a.area}`),
            "  self time by function:",
            ...s.functions.map((f) => `    ${f.ms.toFixed(1).padStart(9)} ms  ${f.fn}`),
            `  with the program's own code on the stack (synchronous part): ${s.underProgramMs.toFixed(1)} ms; inclusive time of its functions:`,
            ...s.programFunctions.map((f) => `    ${f.ms.toFixed(1).padStart(9)} ms  ${f.fn}`),
            "",
        ];
        process.stdout.write(lines.join("\n") + "\n");
    }
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            sizes: { type: "string", default: "0,10,100,500" },
            runs: { type: "string", default: "5" },
            "plan-runs": { type: "string", default: "3" },
            "skip-plan": { type: "boolean", default: false },
            profile: { type: "string" },
        },
        strict: true,
    });
    const sizes = [...new Set([0, ...values.sizes.split(",").map((s) => Number.parseInt(s, 10))])].sort((a, b) => a - b);
    if (sizes.some((n) => !Number.isInteger(n) || n < 0) || sizes.length < 3) {
        throw new Error("--sizes: give at least two app counts above 0, such as 0,10,100,500");
    }
    const runs = Number.parseInt(values.runs, 10);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-distroless-bench-"));
    const started = performance.now();
    try {
        if (values.profile) {
            await profileMode(sizes, values.profile, workDir);
            return 0;
        }
        const prepared = await prepare(sizes, workDir);
        const measurements = await measure(sizes, runs, prepared, workDir);
        const plan: PlanTiming[] = values["skip-plan"] ? [] : await timePlans(Number.parseInt(values["plan-runs"], 10), progress);

        const all = points(measurements, sizes);
        const rs = ratios(measurements, sizes);
        const expected = expectedPerApp(benchSettings(PROJECT_DIR, 1));
        const largest = Math.max(...sizes);
        const allChecks = checks(all, rs, sizes, expected, prepared);
        const ok = allChecks.every((c) => c.pass);
        const seconds = (performance.now() - started) / 1000;

        const lines = [
            `DistrolessApp benchmark: stack program under Pulumi's mock runtime, ${BENCH_STACK} profile, every app with gcp, aws and oci destinations.`,
            "Each point: median of its runs, each run a fresh process; wall = evaluation until every registration reached the monitor;",
            "peak = the process's peak RSS. +ms/app and +KB/app: the point minus the 0-app point of the same program, per app.",
            "floor = the same declarations written by hand as raw CustomResources under a plain ComponentResource, with the same invokes.",
            "",
            ...pointsTable(all, sizes),
            "",
            "marginal ratio ours / floor (median over rounds of each ours run against the floor run beside it; range in brackets):",
            ...ratioLines(rs),
            "",
            `per app at ${largest} apps, by type:`,
            ...countsTable(expected, point(all, "ours", largest).perApp, point(all, "floor", largest).perApp),
            "",
            ...(plan.length > 0 ? [`offline plan (tsx tools/plan/cli.ts --stack NAME --json, whole command, median):`, ...planLines(plan), ""] : []),
            "checks:",
            ...checkLines(allChecks),
            "",
            `${ok ? "all targets met" : "TARGET MISSED"} (benchmark took ${seconds.toFixed(0)} s)`,
        ];
        const json = {
            benchmark: "distroless-app",
            stack: BENCH_STACK,
            sizes,
            points: all.map(jsonPoint),
            ratios: rs.map((r) => ({ apps: r.apps, pairs: r.pairs, time: round(r.time, 4), memory: round(r.memory, 4) })),
            perAppExpected: expected,
            plan: plan.map((t) => ({ stack: t.stack, medianMs: round(t.medianMs, 1), minMs: round(t.minMs, 1), maxMs: round(t.maxMs, 1), runs: t.runs, resources: t.resources })),
            checks: allChecks,
            ok,
            seconds: round(seconds, 1),
        };
        process.stdout.write(lines.join("\n") + "\n" + JSON.stringify(json) + "\n");
        return ok ? 0 : 1;
    } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
    }
}

main().then((code) => process.exit(code), (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
});
