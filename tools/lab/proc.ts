/**
 * Running programs: one-shot commands that must succeed, and long-lived
 * daemons that are stopped by their PID whatever way the lab ends.
 */
import { ChildProcess, spawn, SpawnOptions } from "child_process";
import * as fs from "fs";

export interface RunOptions {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    /** Text written to the program's standard input. */
    input?: string | Buffer;
    /** Print the program's output as it runs, each line prefixed. */
    echo?: string;
    /** Return instead of throwing when the exit status is not zero. */
    allowFailure?: boolean;
}

export interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            stdio: ["pipe", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        const echo = (chunk: Buffer) => {
            if (options.echo !== undefined) {
                for (const line of chunk.toString().split("\n")) {
                    if (line.trim()) process.stderr.write(`  ${options.echo}| ${line}\n`);
                }
            }
        };
        child.stdout!.on("data", (chunk: Buffer) => { out.push(chunk); echo(chunk); });
        child.stderr!.on("data", (chunk: Buffer) => { err.push(chunk); echo(chunk); });
        child.on("error", reject);
        child.on("close", (code, signal) => {
            const result = {
                code: code ?? 128,
                stdout: Buffer.concat(out).toString(),
                stderr: Buffer.concat(err).toString(),
            };
            if (result.code !== 0 && !options.allowFailure) {
                const tail = (result.stderr || result.stdout).trim().split("\n").slice(-25).join("\n");
                reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? result.code}):\n${tail}`));
            } else {
                resolve(result);
            }
        });
        // A program may exit without reading its input (an early failure, or
        // no need for it): that is its exit status's business, not an error here.
        child.stdin!.on("error", (e: NodeJS.ErrnoException) => {
            if (e.code !== "EPIPE") reject(e);
        });
        child.stdin!.end(options.input ?? "");
    });
}

/** Runs a program whose standard output is piped into a file. */
export function runToFile(command: string, args: readonly string[], file: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<void> {
    return new Promise((resolve, reject) => {
        const fd = fs.openSync(file, "w");
        const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["ignore", fd, "pipe"] });
        const err: Buffer[] = [];
        child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
        child.on("error", (e) => { fs.closeSync(fd); reject(e); });
        child.on("close", (code) => {
            fs.closeSync(fd);
            if (code === 0) resolve();
            else reject(new Error(`${command} ${args.join(" ")} failed (${code}): ${Buffer.concat(err).toString().trim()}`));
        });
    });
}

/** A background program the lab started; `stop` ends it by its PID. */
export class Daemon {
    private readonly child: ChildProcess;
    private exited = false;
    readonly exitPromise: Promise<number | null>;

    constructor(readonly name: string, command: string, args: readonly string[], logFile: string, options: SpawnOptions = {}) {
        const log = fs.openSync(logFile, "a");
        this.child = spawn(command, args, { ...options, stdio: ["ignore", log, log], detached: false });
        fs.closeSync(log);
        this.exitPromise = new Promise((resolve) => {
            this.child.on("exit", (code) => { this.exited = true; resolve(code); });
            this.child.on("error", () => { this.exited = true; resolve(-1); });
        });
        Daemons.add(this);
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    get running(): boolean {
        return !this.exited;
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    async stop(graceMs = 15000): Promise<void> {
        if (this.exited || this.child.pid === undefined) {
            Daemons.delete(this);
            return;
        }
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => { if (!this.exited) this.child.kill("SIGKILL"); }, graceMs);
        await this.exitPromise;
        clearTimeout(timer);
        Daemons.delete(this);
    }

    /** Last resort when the lab itself is exiting: no waiting possible. */
    killNow(): void {
        if (!this.exited && this.child.pid !== undefined) {
            try { process.kill(this.child.pid, "SIGKILL"); } catch { /* already gone */ }
        }
    }
}

/** Every daemon still running, newest last, so they stop in reverse order. */
const Daemons = new Set<Daemon>();

export async function stopAllDaemons(): Promise<void> {
    for (const daemon of [...Daemons].reverse()) {
        await daemon.stop();
    }
}

let handlersInstalled = false;

/** Stops the daemons on SIGINT/SIGTERM and, as a last resort, on process exit. */
export function installExitHandlers(): void {
    if (handlersInstalled) return;
    handlersInstalled = true;
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        process.once(signal, () => {
            process.stderr.write(`\nlab: ${signal} received, stopping daemons\n`);
            void stopAllDaemons().finally(() => process.exit(130));
        });
    }
    process.on("exit", () => {
        for (const daemon of Daemons) daemon.killNow();
    });
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        try {
            if (await probe()) return;
        } catch { /* not yet */ }
        await new Promise((r) => setTimeout(r, intervalMs));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
