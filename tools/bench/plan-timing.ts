import { spawn } from "child_process";
import * as path from "path";
import { median } from "./stats";

/**
 * How long a person waits for `tsx tools/plan/cli.ts --stack NAME --json`:
 * the whole command, process start-up included, as it is run by hand.
 */

export const PLAN_STACKS = ["local", "dev", "staging", "prod"] as const;

export interface PlanTiming {
    readonly stack: string;
    readonly runs: number;
    readonly medianMs: number;
    readonly minMs: number;
    readonly maxMs: number;
    readonly resources: number;
}

const PROJECT_DIR = path.resolve(__dirname, "..", "..");
const TSX = path.join(PROJECT_DIR, "node_modules", ".bin", "tsx");

function planOnce(stack: string): Promise<{ ms: number; resources: number }> {
    return new Promise((resolve, reject) => {
        const start = performance.now();
        const child = spawn(TSX, ["tools/plan/cli.ts", "--stack", stack, "--json"], { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => { out += c; });
        child.stderr.setEncoding("utf8").on("data", (c: string) => { err += c; });
        child.on("error", reject);
        child.on("close", (code) => {
            const ms = performance.now() - start;
            if (code !== 0) {
                reject(new Error(`plan of stack ${stack} failed (exit ${code}): ${err.trim().split("\n").slice(-5).join("\n")}`));
                return;
            }
            const doc = JSON.parse(out) as { resources: unknown[] };
            resolve({ ms, resources: doc.resources.length });
        });
    });
}

export async function timePlans(runs: number, progress: (line: string) => void): Promise<PlanTiming[]> {
    const samples = new Map<string, number[]>(PLAN_STACKS.map((s) => [s, []]));
    const resources = new Map<string, number>();
    // Stacks in alternation, so a slow moment of the machine is shared out.
    for (let r = 0; r < runs; r++) {
        for (const stack of PLAN_STACKS) {
            const { ms, resources: n } = await planOnce(stack);
            samples.get(stack)?.push(ms);
            resources.set(stack, n);
            progress(`plan ${stack} run ${r + 1}/${runs}: ${ms.toFixed(0)} ms`);
        }
    }
    return PLAN_STACKS.map((stack) => {
        const s = samples.get(stack) ?? [];
        return { stack, runs: s.length, medianMs: median(s), minMs: Math.min(...s), maxMs: Math.max(...s), resources: resources.get(stack) ?? 0 };
    });
}
