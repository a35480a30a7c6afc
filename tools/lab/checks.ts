/**
 * What must hold for every platform of every image the lab builds: the
 * index lists the platform, the container starts on it (arm64 under qemu)
 * and answers, reports that architecture, carries no shell anywhere, runs
 * as uid 65532, its own native code targets the platform, and it stops
 * cleanly on SIGTERM as PID 1.
 */
import * as fs from "fs";
import * as path from "path";
import { BuiltIndex, PlatformImage } from "./build";
import { MACHINE_OF_ARCH, readElf } from "./elf";
import { Engine, freePort } from "./engine";
import { parsePlatform, RegistryClient } from "./oci";
import { run, waitFor } from "./proc";

/** Programs that must not exist anywhere in a distroless image's filesystem. */
export const FORBIDDEN_PROGRAMS = ["sh", "dash", "bash", "busybox"];
export const NONROOT_UID = 65532;

/** How each language's demo reports the machine it runs on. */
const REPORTED_ARCH: Record<string, Record<string, string>> = {
    python: { amd64: "x86_64", arm64: "aarch64" },
    go: { amd64: "amd64", arm64: "arm64" },
};

export interface CheckResult {
    readonly name: string;
    readonly ok: boolean;
    readonly detail: string;
}

export interface PlatformReport {
    readonly app: string;
    readonly platform: string;
    readonly reference: string;
    readonly answer: Record<string, unknown>;
    readonly checks: readonly CheckResult[];
}

class Checklist {
    readonly results: CheckResult[] = [];
    expect(name: string, ok: boolean, detail: string): void {
        this.results.push({ name, ok, detail });
    }
}

/** The index is what pullers see: it must list every platform the plan asked for. */
export async function checkIndex(registry: RegistryClient, built: BuiltIndex): Promise<CheckResult> {
    const index = await registry.getManifest(built.repository, built.inputs.version);
    const listed = (index.body.manifests ?? [])
        .map((m) => (m.platform ? `${m.platform.os}/${m.platform.architecture}` : "(no platform)")).sort();
    const wanted = [...built.inputs.platforms].sort();
    return {
        name: "index lists every platform",
        ok: JSON.stringify(listed) === JSON.stringify(wanted),
        detail: `${built.reference} lists ${listed.join(", ")}`,
    };
}

async function get(url: string): Promise<{ status: number; body: string }> {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: await response.text() };
}

/** Uid lines of /proc/PID/status: real, effective, saved and filesystem uid. */
function uidsOf(pid: number): number[] {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const line = status.split("\n").find((l) => l.startsWith("Uid:"));
    return (line ?? "").split(/\s+/).slice(1).filter(Boolean).map(Number);
}

/** Every path in the container's flattened filesystem, from `docker export`. */
async function exportFilesystem(engine: Engine, container: string, into: string): Promise<{ tar: string; paths: string[] }> {
    const tar = path.join(into, `${container}.tar`);
    await engine.docker(["export", "--output", tar, container]);
    const { stdout } = await run("tar", ["-tf", tar]);
    return { tar, paths: stdout.split("\n").filter(Boolean).map((p) => p.replace(/^\.?\/?/, "/").replace(/\/$/, "")) };
}

/** The app's own machine code: shared objects under the app's directories, or the Go binary. */
function ownNativeCode(language: string, paths: readonly string[]): string[] {
    if (language === "go") {
        return paths.filter((p) => p === "/app");
    }
    return paths.filter((p) => p.startsWith("/opt/app/") && /\.so(\.|$)/.test(p));
}

/** Starts one platform's image, checks it, and stops it with SIGTERM. */
export async function checkPlatform(
    engine: Engine, built: BuiltIndex, image: PlatformImage, workDir: string,
): Promise<PlatformReport> {
    const list = new Checklist();
    const arch = parsePlatform(image.platform).architecture;
    const language = built.inputs.language;
    const port = await freePort();
    const container = `lab-${built.inputs.app}-${arch}`;
    await engine.docker(["rm", "-f", container], { allowFailure: true });
    await engine.docker(["pull", "--platform", image.platform, image.reference]);
    await engine.docker([
        "run", "-d", "--name", container, "--platform", image.platform,
        // Without a bridge, the container shares the host's network; each gets its own port.
        "--network", "host", "-e", `PORT=${port}`, image.reference,
    ]);
    let answer: Record<string, unknown> = {};
    try {
        const base = `http://127.0.0.1:${port}`;
        try {
            await waitFor(`${container} /health`, async () => (await get(`${base}/health`)).status === 200, 120000, 500);
            list.expect("starts and answers /health", true, `${base}/health answered 200`);
        } catch (error) {
            const logs = await engine.docker(["logs", "--tail", "20", container], { allowFailure: true });
            list.expect("starts and answers /health", false, `${(error as Error).message}\n${logs.stdout}${logs.stderr}`);
            return { app: built.inputs.app, platform: image.platform, reference: image.reference, answer, checks: list.results };
        }

        answer = JSON.parse((await get(`${base}/`)).body) as Record<string, unknown>;
        const expectedArch = REPORTED_ARCH[language][arch];
        list.expect("reports the platform's architecture", answer.arch === expectedArch,
            `answered arch ${String(answer.arch)}, expected ${expectedArch}`);
        list.expect("reports the version it was built with", answer.version === built.inputs.version,
            `answered version ${String(answer.version)}, expected ${built.inputs.version}`);
        if (language === "python") {
            list.expect("its compiled extension was built for the platform", answer.native_arch === expectedArch,
                `extension reports ${String(answer.native_arch)}`);
        }

        const pid = Number((await engine.docker(["inspect", "--format", "{{.State.Pid}}", container])).stdout.trim());
        const uids = uidsOf(pid);
        list.expect("runs as uid 65532", uids.length === 4 && uids.every((u) => u === NONROOT_UID),
            `/proc/${pid}/status Uid: ${uids.join(" ")}`);

        const fsDir = fs.mkdtempSync(path.join(workDir, `fs-${container}-`));
        const { tar, paths } = await exportFilesystem(engine, container, fsDir);
        const shells = paths.filter((p) => FORBIDDEN_PROGRAMS.includes(path.basename(p)));
        list.expect("holds no shell anywhere", shells.length === 0,
            shells.length === 0 ? `none of ${FORBIDDEN_PROGRAMS.join(", ")} among ${paths.length} paths` : `found ${shells.join(", ")}`);

        const native = ownNativeCode(language, paths);
        if (native.length === 0) {
            list.expect("its own native code targets the platform", false, "no native code of the app's own was found");
        } else {
            // docker export names entries without the leading slash.
            await run("tar", ["-xf", tar, "-C", fsDir, ...native.map((p) => p.slice(1))]);
            const machines = native.map((p) => ({ p, elf: readElf(path.join(fsDir, p)) }));
            const wrong = machines.filter((m) => m.elf.machine !== MACHINE_OF_ARCH[arch]);
            const dynamicGo = language === "go" ? machines.filter((m) => m.elf.dynamic) : [];
            list.expect("its own native code targets the platform", wrong.length === 0 && dynamicGo.length === 0,
                machines.map((m) => `${m.p}: ELF machine ${m.elf.machine}${m.elf.dynamic ? ", dynamic" : ", static"}`).join("; ")
                + ` (expected machine ${MACHINE_OF_ARCH[arch]})`);
        }
        fs.rmSync(fsDir, { recursive: true, force: true });
    } finally {
        const started = Date.now();
        await engine.docker(["stop", "--time", "20", container], { allowFailure: true });
        const seconds = (Date.now() - started) / 1000;
        const exit = (await engine.docker(["inspect", "--format", "{{.State.ExitCode}}", container], { allowFailure: true })).stdout.trim();
        list.expect("exits cleanly on SIGTERM as PID 1", exit === "0" && seconds < 15,
            `exit code ${exit} after ${seconds.toFixed(1)} s`);
        await engine.docker(["rm", "-f", container], { allowFailure: true });
        await engine.docker(["rmi", image.reference], { allowFailure: true });
    }
    return { app: built.inputs.app, platform: image.platform, reference: image.reference, answer, checks: list.results };
}
