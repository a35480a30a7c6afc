import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * What the benchmark asks of one child process, and what it answers. The
 * mock runtime can be installed once per process, so every evaluation,
 * measured or recorded, has a process of its own.
 */

export type Kind = "ours" | "floor";

export interface Job {
    readonly kind: Kind;
    readonly apps: number;
    /** Modules to load before the clock starts (one-time costs stay out of every figure). */
    readonly preload: readonly string[];
    /** The floor's app templates (a JSON file written by the parent). */
    readonly floorFile?: string;
    /** When set, the child records every declaration here instead of only counting. */
    readonly recordFile?: string;
    /** Keep tsx's source-mapped stack traces on (off by default, see child.ts). */
    readonly sourceMaps?: boolean;
    /** When set, a V8 CPU profile of the measured evaluation (only) is written here. */
    readonly profileDir?: string;
}

export interface Measurement {
    readonly kind: Kind;
    readonly apps: number;
    /** From just before the program is evaluated until every registration has reached the monitor. */
    readonly wallMs: number;
    readonly cpuMs: number;
    /** Peak resident set of the whole child process. */
    readonly peakRssKb: number;
    /** Registrations and invokes the monitor saw, by type and token. */
    readonly resources: Readonly<Record<string, number>>;
    readonly invokes: Readonly<Record<string, number>>;
}

const CHILD = path.join(__dirname, "child.ts");

/**
 * Runs one job in a fresh Node process (TypeScript through tsx's require
 * hook, as mocha runs the tests) and returns the JSON line it prints.
 * The child's stderr (the program's warnings) goes to a file, read only
 * when the child fails.
 */
export function runJob(job: Job, workDir: string): Promise<Measurement> {
    const jobFile = path.join(workDir, `job-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(jobFile, JSON.stringify(job));
    const errFile = jobFile.replace(/\.json$/, ".err");
    const errFd = fs.openSync(errFile, "w");
    const args = ["--require", require.resolve("tsx/cjs"), CHILD, jobFile];
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", errFd], cwd: path.resolve(__dirname, "..", "..") });
        let out = "";
        child.stdout?.setEncoding("utf8").on("data", (chunk: string) => { out += chunk; });
        child.on("error", reject);
        child.on("close", (code) => {
            fs.closeSync(errFd);
            const stderr = fs.readFileSync(errFile, "utf8");
            fs.rmSync(jobFile, { force: true });
            fs.rmSync(errFile, { force: true });
            const line = out.trim().split("\n").pop() ?? "";
            if (code !== 0 || !line.startsWith("{")) {
                reject(new Error(`${job.kind} with ${job.apps} apps failed (exit ${code}):\n${stderr.split("\n").slice(-30).join("\n")}`));
                return;
            }
            resolve(JSON.parse(line) as Measurement);
        });
    });
}
