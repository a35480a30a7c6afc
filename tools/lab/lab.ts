/**
 * The lab's environment: arm64 emulation, a loopback registry serving the
 * distroless stand-ins and builder images, and a Docker engine. Everything
 * it starts is stopped by `stop`, whatever way the run ends.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Engine, ensureArm64Emulation, Registry } from "./engine";
import { builderImages, distrolessImages, LabImage, mapLimit, PushedImage, pushLabImage, slimPythonImage } from "./images";
import { RegistryClient } from "./oci";
import { installExitHandlers, run, stopAllDaemons } from "./proc";

/** Programs the lab runs; `.ci/run` installs them from Debian. */
const REQUIRED_PROGRAMS = [
    "dockerd", "/usr/bin/docker", "docker-registry", "mmdebstrap", "arch-test", "qemu-aarch64-static", "skopeo", "dpkg-deb", "apt-get", "tar",
];

export class LabUnavailable extends Error {
    constructor(message: string) {
        super(message);
        this.name = "LabUnavailable";
    }
}

function onPath(program: string): boolean {
    if (program.startsWith("/")) {
        return fs.existsSync(program);
    }
    return (process.env.PATH ?? "").split(":").some((dir) => fs.existsSync(path.join(dir, program)));
}

export interface Lab {
    readonly workDir: string;
    readonly registry: RegistryClient;
    readonly engine: Engine;
    /** Upstream prefix -> where the lab registry serves it. */
    readonly mirrors: Record<string, string>;
    /** Canonical reference -> index digest of what the lab serves. */
    readonly pins: Record<string, string>;
    readonly served: readonly PushedImage[];
    /** The stand-in for python:3.13-slim, mirrored and pinned. */
    readonly slimPython: string;
    stop(): Promise<void>;
}

/**
 * Starts everything. A missing program, no root, or an engine that will not
 * start raise LabUnavailable, so the caller can fail (in CI) or say it skipped.
 */
export async function startLab(log: (line: string) => void): Promise<Lab> {
    const missing = REQUIRED_PROGRAMS.filter((p) => !onPath(p));
    if (missing.length > 0) {
        throw new LabUnavailable(`missing programs: ${missing.join(", ")} (bash .ci/run installs them)`);
    }
    if (process.getuid?.() !== 0) {
        throw new LabUnavailable("the lab starts a Docker engine and registers qemu with binfmt_misc: it must run as root");
    }
    installExitHandlers();
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "distroless-lab-"));
    let engine: Engine | undefined;
    try {
        await ensureArm64Emulation();
        try {
            engine = await Engine.start(workDir);
        } catch (error) {
            throw new LabUnavailable((error as Error).message);
        }
        const registryDaemon = await Registry.start(workDir);
        const registry = new RegistryClient(registryDaemon.host);
        log(`engine on ${engine.socket}, registry on ${registry.host}, work in ${workDir}`);

        const images: LabImage[] = [...distrolessImages(), ...builderImages(), slimPythonImage()];
        const started = Date.now();
        // Two at a time: assembling is network- and CPU-bound, and the machine has two cores.
        const served = await mapLimit(images, 2, (image) => pushLabImage(registry, image, log));
        log(`served ${served.length} base and builder images in ${((Date.now() - started) / 1000).toFixed(0)} s`);

        const mirrors = {
            "gcr.io/distroless/": `${registry.host}/distroless/`,
            "docker.io/library/": `${registry.host}/library/`,
        };
        const pins = Object.fromEntries(served.map((s) => [s.image.canonical, s.indexDigest]));
        const slim = served.find((s) => s.image === images[images.length - 1]);
        if (!slim) {
            throw new Error("the slim Python stand-in was not served");
        }
        const runningEngine = engine;
        return {
            workDir,
            registry,
            engine: runningEngine,
            mirrors,
            pins,
            served,
            slimPython: `${slim.reference}@${slim.indexDigest}`,
            async stop() {
                await runningEngine.docker(["ps", "-aq"], { allowFailure: true }).then(async (r) => {
                    const ids = r.stdout.split("\n").filter(Boolean);
                    if (ids.length > 0) {
                        await runningEngine.docker(["rm", "-f", ...ids], { allowFailure: true });
                    }
                });
                await stopAllDaemons();
                await removeWorkDir(workDir);
            },
        };
    } catch (error) {
        await stopAllDaemons();
        await removeWorkDir(workDir);
        throw error;
    }
}

/**
 * dockerd bind-mounts its data root and the host's network namespace (under
 * the exec root) and leaves them mounted when it stops; they are unmounted,
 * deepest first, before the work directory is removed.
 */
async function removeWorkDir(workDir: string): Promise<void> {
    const real = fs.existsSync(workDir) ? fs.realpathSync(workDir) : workDir;
    const mountPoints = fs.readFileSync("/proc/self/mountinfo", "utf8").split("\n")
        .map((line) => line.split(" ")[4])
        .filter((point): point is string => point !== undefined && (point === real || point.startsWith(`${real}/`)))
        .sort((a, b) => b.length - a.length);
    for (const point of mountPoints) {
        await run("umount", ["--lazy", point], { allowFailure: true });
    }
    fs.rmSync(workDir, { recursive: true, force: true });
}
