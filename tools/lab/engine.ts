/**
 * The lab's machinery: arm64 emulation, a Docker 20.10 engine with its own
 * data directory and socket, and a plain-HTTP registry on loopback. Every
 * daemon started here is stopped by its PID when the lab ends.
 */
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { Daemon, run, RunOptions, RunResult, waitFor } from "./proc";

/** Debian's 20.10 client: the newer client in /usr/local/bin refuses BuildKit builds without buildx. */
export const DOCKER_CLIENT = "/usr/bin/docker";

const BINFMT_DIR = "/proc/sys/fs/binfmt_misc";

/** Registers qemu-aarch64 with binfmt_misc (once per boot) so arm64 programs run. */
export async function ensureArm64Emulation(): Promise<void> {
    if (!fs.existsSync(path.join(BINFMT_DIR, "register"))) {
        await run("mount", ["-t", "binfmt_misc", "binfmt_misc", BINFMT_DIR]);
    }
    if (fs.existsSync(path.join(BINFMT_DIR, "qemu-aarch64"))) return;
    const rule = fs.readFileSync("/usr/lib/binfmt.d/qemu-aarch64.conf", "utf8").trim();
    fs.writeFileSync(path.join(BINFMT_DIR, "register"), rule);
}

export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address() as net.AddressInfo;
            server.close(() => resolve(address.port));
        });
    });
}

export class Registry {
    private constructor(readonly host: string, private readonly daemon: Daemon) {}

    static async start(workDir: string): Promise<Registry> {
        const port = await freePort();
        const storage = path.join(workDir, "registry");
        fs.mkdirSync(storage, { recursive: true });
        const config = path.join(workDir, "registry.yml");
        fs.writeFileSync(config, [
            "version: 0.1",
            "log:",
            "  level: warn",
            "storage:",
            "  filesystem:",
            `    rootdirectory: ${storage}`,
            "  delete:",
            "    enabled: true",
            "http:",
            `  addr: 127.0.0.1:${port}`,
            "",
        ].join("\n"));
        const daemon = new Daemon("registry", "docker-registry", ["serve", config], path.join(workDir, "registry.log"));
        const host = `127.0.0.1:${port}`;
        await waitFor("the registry", async () => (await fetch(`http://${host}/v2/`)).ok, 30000);
        return new Registry(host, daemon);
    }

    stop(): Promise<void> {
        return this.daemon.stop();
    }
}

export class Engine {
    private constructor(readonly socket: string, private readonly daemon: Daemon, readonly logFile: string) {}

    static async start(workDir: string): Promise<Engine> {
        const root = path.join(workDir, "docker");
        const exec = path.join(workDir, "docker-exec");
        fs.mkdirSync(root, { recursive: true });
        fs.mkdirSync(exec, { recursive: true });
        const socket = path.join(workDir, "docker.sock");
        const logFile = path.join(workDir, "dockerd.log");
        const daemon = new Daemon("dockerd", "dockerd", [
            "--data-root", root,
            "--exec-root", exec,
            "--pidfile", path.join(workDir, "dockerd.pid"),
            "--host", `unix://${socket}`,
            "--iptables=false", "--ip6tables=false", "--bridge=none",
            "--storage-driver=vfs",
            // The registry listens on loopback over plain HTTP; 127.0.0.0/8 is insecure-allowed by default.
        ], logFile);
        const engine = new Engine(socket, daemon, logFile);
        try {
            await waitFor("dockerd", async () => {
                if (!daemon.running) throw new Error("dockerd exited");
                return (await engine.docker(["version", "--format", "{{.Server.Version}}"], { allowFailure: true })).code === 0;
            }, 60000);
        } catch (error) {
            const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
            await daemon.stop();
            throw new Error(`the Docker engine did not start: ${(error as Error).message}\n${log}`);
        }
        return engine;
    }

    get env(): NodeJS.ProcessEnv {
        return { ...process.env, DOCKER_HOST: `unix://${this.socket}`, DOCKER_BUILDKIT: "1", DOCKER_CLI_HINTS: "false" };
    }

    docker(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
        return run(DOCKER_CLIENT, args, { ...options, env: { ...this.env, ...(options.env ?? {}) } });
    }

    stop(): Promise<void> {
        return this.daemon.stop(30000);
    }
}
