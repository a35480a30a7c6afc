import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AppTemplate, floorModule } from "./floor";
import { Job, Measurement } from "./job";
import { Counts, benchMocks } from "./mocks";
import { startProfiler } from "./profile";
import { Recorder } from "./record";
import { benchSettings, generatedApps } from "./workload";

/**
 * One measured evaluation, in a process of its own: `ours` evaluates the
 * stack program (index.ts) with N generated apps, `floor` declares the same
 * resources by hand. Prints one JSON line (a Measurement) on stdout.
 *
 * The clock covers only the evaluation: from just before the program runs
 * until every registration has reached the monitor. Both programs are
 * required inside the clock, as Pulumi's language host requires a program;
 * every other module the evaluation would load is loaded first
 * (Job.preload), so neither kind pays a one-time cost inside the clock.
 * Peak memory is the process's whole high-water mark; the parent subtracts
 * the 0-app run of the same kind.
 *
 * With 0 apps `ours` does not evaluate index.ts, whose schema refuses a
 * stack without apps: the 0-app point is the same process with the
 * program's modules loaded and nothing declared, which is what the
 * subtraction needs, the fixed start-up.
 */

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

async function main(): Promise<void> {
    const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as Job;
    const settings = benchSettings(PROJECT_DIR, job.apps);
    // As the language host does; the SDK reads these when the program asks.
    process.env.PULUMI_CONFIG = JSON.stringify(settings.config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(settings.secretKeys);
    process.env.PULUMI_NODEJS_PROJECT = settings.project;
    process.env.PULUMI_NODEJS_STACK = settings.stack;

    // The floor is a module written now and required inside the clock, as index.ts is.
    let programPath = settings.programPath;
    if (job.kind === "floor") {
        const templates = JSON.parse(fs.readFileSync(job.floorFile as string, "utf8")) as AppTemplate[];
        programPath = path.join(path.dirname(job.floorFile as string), `floor-program-${process.pid}.js`);
        fs.writeFileSync(programPath, floorModule(templates, generatedApps(job.apps), require.resolve("@pulumi/pulumi")));
    }
    for (const module of job.preload) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(module);
    }

    // tsx turns on source-mapped stack traces. The SDK takes a stack trace for
    // every resource and most promises; mapping them costs our .ts frames more
    // than the floor's generated code, which has no source map, so both kinds
    // run without, unless asked.
    process.setSourceMapsEnabled(job.sourceMaps === true);

    const counts: Counts = { resources: {}, invokes: {} };
    const recorder = job.recordFile ? new Recorder() : undefined;
    await pulumi.runtime.setMocks(benchMocks(counts, recorder && ((t, n, i) => recorder.registered(t, n, i))),
        settings.project, settings.stack, false);

    const loadedBefore = new Set(Object.keys(require.cache));
    const profiler = job.profileDir ? await startProfiler() : undefined;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await pulumi.runtime.runInPulumiStack(async () => {
        recorder?.install();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return job.apps > 0 ? require(programPath) as Record<string, unknown> : {};
    });
    await pulumi.runtime.disconnect();
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    await profiler?.stop(path.join(job.profileDir ?? "", `${job.kind}-${job.apps}.cpuprofile`));

    if (recorder && job.recordFile) {
        const loaded = Object.keys(require.cache).filter((m) => !loadedBefore.has(m) && m !== programPath);
        fs.writeFileSync(job.recordFile, JSON.stringify(await recorder.recording(loaded)));
    }
    const measurement: Measurement = {
        kind: job.kind,
        apps: job.apps,
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakRssKb: process.resourceUsage().maxRSS,
        resources: counts.resources,
        invokes: counts.invokes,
    };
    if (programPath !== settings.programPath) {
        fs.rmSync(programPath, { force: true });
    }
    process.stdout.write(JSON.stringify(measurement) + "\n");
}

main().then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`bench child failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
});
