import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, "..", "..");

export interface PlannedResource {
    type: string;
    name: string;
    parent?: string;
    inputs: Record<string, unknown>;
}

/** Runs `npm run plan -- --stack NAME --json` as a user would, in a child process. */
export async function plan(stack: string, config: string[] = []): Promise<{ resources: PlannedResource[]; stderr: string }> {
    const args = ["tsx", "tools/plan/cli.ts", "--stack", stack, "--json", ...config.flatMap((c) => ["--config", c])];
    const { stdout, stderr } = await run("npx", args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    const doc = JSON.parse(stdout) as { stack: string; resources: PlannedResource[] };
    if (doc.stack !== stack) {
        throw new Error(`plan answered for stack ${doc.stack}`);
    }
    return { resources: doc.resources, stderr };
}

export async function planFailure(stack: string, config: string[] = []): Promise<string> {
    try {
        await plan(stack, config);
    } catch (err) {
        return String((err as { stderr?: string }).stderr ?? err);
    }
    throw new Error(`the plan of ${stack} was expected to fail`);
}
