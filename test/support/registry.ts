import { ChildProcess, spawn } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** Debian's docker-registry on a free loopback port, with throwaway storage. */
export class LoopbackRegistry {
    private process?: ChildProcess;
    private dir?: string;
    address = "";

    async start(): Promise<void> {
        const binary = "/usr/bin/docker-registry";
        if (!fs.existsSync(binary)) {
            throw new Error(`${binary} is missing: install Debian's docker-registry (apt-get install docker-registry; .ci/run does)`);
        }
        const port = await freePort();
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-"));
        const config = path.join(this.dir, "config.yml");
        fs.writeFileSync(config, [
            "version: 0.1",
            "log: { level: error }",
            `storage: { filesystem: { rootdirectory: ${path.join(this.dir, "data")} } }`,
            `http: { addr: "127.0.0.1:${port}" }`,
        ].join("\n") + "\n");
        this.process = spawn(binary, ["serve", config], { stdio: "ignore" });
        this.address = `127.0.0.1:${port}`;
        for (let i = 0; i < 100; i++) {
            try {
                if ((await fetch(`http://${this.address}/v2/`)).ok) {
                    return;
                }
            } catch {
                // not listening yet
            }
            await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error("the loopback registry did not start");
    }

    async stop(): Promise<void> {
        this.process?.kill();
        if (this.dir) {
            fs.rmSync(this.dir, { recursive: true, force: true });
        }
    }

    async pushBlob(repository: string, content: Buffer): Promise<string> {
        const digest = sha256(content);
        const start = await fetch(`http://${this.address}/v2/${repository}/blobs/uploads/`, { method: "POST" });
        const location = new URL(start.headers.get("location") ?? "", `http://${this.address}`);
        location.searchParams.set("digest", digest);
        const put = await fetch(location, { method: "PUT", body: content, headers: { "Content-Type": "application/octet-stream" } });
        if (put.status !== 201) {
            throw new Error(`blob upload answered ${put.status}`);
        }
        return digest;
    }

    /** Pushes a one-platform image and an index over it under `tag`; returns the index digest. */
    async pushIndex(repository: string, tag: string): Promise<string> {
        const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } }));
        const configDigest = await this.pushBlob(repository, config);
        const manifest = Buffer.from(JSON.stringify({
            schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
            config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
            layers: [],
        }));
        await this.putManifest(repository, sha256(manifest), manifest, "application/vnd.oci.image.manifest.v1+json");
        const index = Buffer.from(JSON.stringify({
            schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
            manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: sha256(manifest), size: manifest.length, platform: { architecture: "amd64", os: "linux" } }],
        }));
        await this.putManifest(repository, tag, index, "application/vnd.oci.image.index.v1+json");
        return sha256(index);
    }

    private async putManifest(repository: string, reference: string, body: Buffer, mediaType: string): Promise<void> {
        const put = await fetch(`http://${this.address}/v2/${repository}/manifests/${reference}`, { method: "PUT", body, headers: { "Content-Type": mediaType } });
        if (put.status !== 201) {
            throw new Error(`manifest upload answered ${put.status}: ${await put.text()}`);
        }
    }
}

export function sha256(content: Buffer): string {
    return "sha256:" + createHash("sha256").update(content).digest("hex");
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
        server.on("error", reject);
    });
}
