/**
 * npm run test:images   builds the local stack's demo apps and the seed's
 *                       base-debian12 case for linux/amd64 and linux/arm64,
 *                       starts every image and checks it; prints figures.
 * npm run demo          builds the local stack's apps, writes their OCI
 *                       tarballs where the stack says, and prints what each
 *                       platform's image answers: the offline `pulumi up --stack local`.
 */
import * as path from "path";
import { BuiltIndex, buildIndex } from "./build";
import { checkIndex, checkPlatform, CheckResult, PlatformReport } from "./checks";
import { compareWithSlim, measureRebuild, megabytes, RebuildFigure, SlimComparison } from "./figures";
import { Lab, LabUnavailable, startLab } from "./lab";
import { writeOciArchive } from "./archive";
import { BuildInputs, localStackApps, planBuilds, StackApp } from "./plan";

/** The seed's own system: both languages on base-debian12, both platforms. */
const SEED_APPS: StackApp[] = [
    { name: "seed-python", domain: "demo", language: "python", context: "demo/hello_python", version: "0.1.0", main: "hello_python", base: { variant: "base", debian: 12 } },
    { name: "seed-go", domain: "demo", language: "go", context: "demo/hello_go", version: "0.1.0", base: { variant: "base", debian: 12 } },
];

/** The slim comparison's bar: the seed went from about 200 MB to 108 MB (54%); we aim lower. */
const MAX_SLIM_RATIO = 0.45;

function log(line: string): void {
    process.stderr.write(`lab: ${line}\n`);
}

function seconds(since: number): string {
    return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

async function buildAndCheck(lab: Lab, inputs: BuildInputs): Promise<{ built: BuiltIndex; reports: PlatformReport[]; index: CheckResult }> {
    const started = Date.now();
    const built = await buildIndex(lab.engine, lab.registry, inputs, lab.workDir, { echo: process.env.LAB_VERBOSE ? inputs.app : undefined });
    log(`${inputs.app}: built ${built.platforms.map((p) => `${p.platform} in ${p.buildSeconds.toFixed(0)} s`).join(", ")}`);
    const index = await checkIndex(lab.registry, built);
    const reports: PlatformReport[] = [];
    for (const image of built.platforms) {
        reports.push(await checkPlatform(lab.engine, built, image, lab.workDir));
    }
    log(`${inputs.app}: checked in ${seconds(started)}`);
    return { built, reports, index };
}

function printChecks(results: { app: string; platform: string; checks: readonly CheckResult[] }[]): { passed: number; failed: number } {
    const all = results.flatMap((r) => r.checks);
    const passed = all.filter((c) => c.ok).length;
    const failed = all.length - passed;
    for (const r of results) {
        for (const check of r.checks) {
            process.stdout.write(`${check.ok ? "  ok  " : "  FAIL"} ${r.app} ${r.platform}: ${check.name} (${check.detail})\n`);
        }
    }
    return { passed, failed };
}

function printSizes(built: readonly BuiltIndex[]): void {
    process.stdout.write("\nImage sizes (compressed = pushed layers + config; uncompressed = engine's image size)\n");
    for (const b of built) {
        for (const p of b.platforms) {
            process.stdout.write(`  ${b.inputs.app.padEnd(14)} ${p.platform.padEnd(12)} compressed ${megabytes(p.compressedSize).padStart(9)}  uncompressed ${megabytes(p.uncompressedSize).padStart(9)}\n`);
        }
    }
}

function printSlim(s: SlimComparison): void {
    process.stdout.write(`\nPython demo, linux/amd64: distroless ${megabytes(s.distroless)} vs slim Debian 13 equivalent ${megabytes(s.slim)}: ${(s.ratio * 100).toFixed(0)}% (bar: at most ${MAX_SLIM_RATIO * 100}%)\n`);
}

function printRebuild(r: RebuildFigure): void {
    process.stdout.write(`\n${r.app}, linux/amd64: cold build ${r.coldSeconds.toFixed(1)} s, rebuild after a one-line change ${r.rebuildSeconds.toFixed(1)} s (${(r.coldSeconds / r.rebuildSeconds).toFixed(1)}x); ${r.changed.length} of ${r.layers} layers changed:\n`);
    for (const c of r.changed) {
        process.stdout.write(`    ${c}\n`);
    }
}

async function testImages(lab: Lab): Promise<number> {
    const started = Date.now();
    const apps = [...localStackApps(), ...SEED_APPS];
    const builds = await planBuilds({ mirrors: lab.mirrors, pins: lab.pins, apps });
    log(`planned ${builds.map((b) => b.app).join(", ")} from the local stack's offline plan`);

    const results: { app: string; platform: string; checks: CheckResult[] }[] = [];
    const built: BuiltIndex[] = [];
    for (const inputs of builds) {
        const { built: b, reports, index } = await buildAndCheck(lab, inputs);
        built.push(b);
        results.push({ app: inputs.app, platform: "index", checks: [index] });
        results.push(...reports.map((r) => ({ app: r.app, platform: r.platform, checks: [...r.checks] })));
    }

    const archiveChecks: CheckResult[] = [];
    for (const b of built.filter((x) => x.inputs.exportPath)) {
        const file = path.join(lab.workDir, path.basename(b.inputs.exportPath as string));
        const platforms = await writeOciArchive(lab.registry, b, file);
        archiveChecks.push({
            name: "the local export is one OCI archive holding every platform",
            ok: platforms.length === b.inputs.platforms.length && b.inputs.platforms.every((p) => platforms.includes(p)),
            detail: `${path.basename(file)} holds ${platforms.join(", ")}`,
        });
    }
    results.push({ app: "local export", platform: "archives", checks: archiveChecks });

    const python = built.find((b) => b.inputs.app === "hello-python");
    const figures: CheckResult[] = [];
    printSizes(built);
    if (python) {
        const slim = await compareWithSlim(lab.engine, lab.registry, python, lab.slimPython, lab.workDir);
        printSlim(slim);
        figures.push({ name: `uncompressed size at most ${MAX_SLIM_RATIO * 100}% of the slim equivalent`, ok: slim.ratio <= MAX_SLIM_RATIO, detail: `${(slim.ratio * 100).toFixed(1)}%` });
    }
    for (const inputs of builds.filter((b) => b.app === "hello-python" || b.app === "hello-go")) {
        const rebuild = await measureRebuild(lab.engine, lab.registry, inputs, lab.workDir);
        printRebuild(rebuild);
        figures.push({ name: "a one-line code change rebuilds only the app's own layer", ok: rebuild.onlyAppLayer, detail: `${rebuild.changed.length} of ${rebuild.layers} layers changed` });
    }
    process.stdout.write("\n");
    results.push({ app: "figures", platform: "linux/amd64", checks: figures });

    const { passed, failed } = printChecks(results);
    process.stdout.write(`\nimage lab finished in ${seconds(started)} (after start-up)\n`);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return failed === 0 ? 0 : 1;
}

async function demo(lab: Lab): Promise<number> {
    const builds = await planBuilds({ mirrors: lab.mirrors, pins: lab.pins, apps: localStackApps() });
    let failed = 0;
    for (const inputs of builds) {
        const { built, reports } = await buildAndCheck(lab, inputs);
        if (inputs.exportPath) {
            await writeOciArchive(lab.registry, built, inputs.exportPath);
            process.stdout.write(`${inputs.app}: wrote ${path.relative(process.cwd(), inputs.exportPath)} (index ${built.indexDigest})\n`);
        }
        for (const report of reports) {
            const image = built.platforms.find((p) => p.platform === report.platform);
            failed += report.checks.filter((c) => !c.ok).length;
            process.stdout.write(`  ${inputs.app} ${report.platform}\n`);
            process.stdout.write(`    image   ${report.reference}\n`);
            process.stdout.write(`    size    ${megabytes(image?.compressedSize ?? 0)} compressed, ${megabytes(image?.uncompressedSize ?? 0)} uncompressed\n`);
            process.stdout.write(`    answer  ${JSON.stringify(report.answer)}\n`);
            for (const check of report.checks.filter((c) => !c.ok)) {
                process.stdout.write(`    FAIL    ${check.name}: ${check.detail}\n`);
            }
        }
    }
    return failed === 0 ? 0 : 1;
}

async function main(): Promise<number> {
    const command = process.argv[2];
    if (command !== "test" && command !== "demo") {
        process.stderr.write("usage: tsx tools/lab/cli.ts test|demo\n");
        return 2;
    }
    const started = Date.now();
    let lab: Lab;
    try {
        lab = await startLab(log);
    } catch (error) {
        if (error instanceof LabUnavailable && process.env.CI !== "true" && command === "test") {
            process.stdout.write(`image lab SKIPPED (not in CI): ${error.message}\n`);
            return 0;
        }
        throw error;
    }
    log(`ready in ${seconds(started)}`);
    try {
        return command === "test" ? await testImages(lab) : await demo(lab);
    } finally {
        await lab.stop();
        log(`stopped every daemon; total ${seconds(started)}`);
    }
}

main().then((code) => process.exit(code), (error: unknown) => {
    process.stderr.write(`image lab failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
});
