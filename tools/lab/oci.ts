/**
 * Just enough of the OCI distribution API to push images the lab assembles
 * itself (with exact platform metadata) and to read what the engine pushed.
 */
import * as crypto from "crypto";
import * as fs from "fs";

export const MEDIA = {
    ociManifest: "application/vnd.oci.image.manifest.v1+json",
    ociIndex: "application/vnd.oci.image.index.v1+json",
    ociConfig: "application/vnd.oci.image.config.v1+json",
    ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
    dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
    dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
} as const;

export const ACCEPT_ALL = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(", ");

export interface Descriptor {
    mediaType: string;
    digest: string;
    size: number;
    platform?: Platform;
    annotations?: Record<string, string>;
}

export interface Platform {
    architecture: string;
    os: string;
    variant?: string;
}

export interface Manifest {
    schemaVersion: 2;
    mediaType: string;
    config: Descriptor;
    layers: Descriptor[];
}

/** A manifest or an index as a registry returns it: which fields exist depends on the media type. */
export interface ManifestBody {
    mediaType?: string;
    config?: Descriptor;
    layers?: Descriptor[];
    manifests?: Descriptor[];
}

export interface Index {
    schemaVersion: 2;
    mediaType: string;
    manifests: Descriptor[];
}

export function sha256(data: Buffer | string): string {
    return "sha256:" + crypto.createHash("sha256").update(data).digest("hex");
}

export async function sha256File(file: string): Promise<string> {
    const hash = crypto.createHash("sha256");
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
    return "sha256:" + hash.digest("hex");
}

/** `linux/arm64` -> {os, architecture, variant}; arm64 carries variant v8 as upstream indexes do. */
export function parsePlatform(platform: string): Platform {
    const [os, architecture, variant] = platform.split("/");
    if (architecture === "arm64") return { os, architecture, variant: variant ?? "v8" };
    return variant ? { os, architecture, variant } : { os, architecture };
}

/** A reference `host/name:tag` or `host/name@digest` split into its parts. */
export function splitReference(reference: string): { host: string; name: string; ref: string } {
    const slash = reference.indexOf("/");
    const host = reference.slice(0, slash);
    const rest = reference.slice(slash + 1);
    const at = rest.indexOf("@");
    if (at >= 0) return { host, name: rest.slice(0, at), ref: rest.slice(at + 1) };
    const colon = rest.lastIndexOf(":");
    return colon >= 0 ? { host, name: rest.slice(0, colon), ref: rest.slice(colon + 1) } : { host, name: rest, ref: "latest" };
}

export class RegistryClient {
    constructor(readonly host: string) {}

    private url(pathname: string): string {
        return `http://${this.host}/v2/${pathname}`;
    }

    async hasBlob(name: string, digest: string): Promise<boolean> {
        const response = await fetch(this.url(`${name}/blobs/${digest}`), { method: "HEAD" });
        return response.ok;
    }

    async pushBlob(name: string, data: Buffer, digest = sha256(data)): Promise<Descriptor> {
        if (!(await this.hasBlob(name, digest))) {
            const start = await fetch(this.url(`${name}/blobs/uploads/`), { method: "POST" });
            if (start.status !== 202) throw new Error(`blob upload to ${name} refused: ${start.status} ${await start.text()}`);
            const location = new URL(start.headers.get("location")!, `http://${this.host}`);
            location.searchParams.set("digest", digest);
            const put = await fetch(location, {
                method: "PUT",
                headers: { "Content-Type": "application/octet-stream", "Content-Length": String(data.length) },
                body: data,
            });
            if (put.status !== 201) throw new Error(`blob ${digest} upload to ${name} failed: ${put.status} ${await put.text()}`);
        }
        return { mediaType: "application/octet-stream", digest, size: data.length };
    }

    async pushManifest(name: string, reference: string, manifest: object, mediaType: string): Promise<Descriptor> {
        const body = Buffer.from(JSON.stringify(manifest));
        const response = await fetch(this.url(`${name}/manifests/${reference}`), {
            method: "PUT",
            headers: { "Content-Type": mediaType },
            body,
        });
        if (response.status !== 201) throw new Error(`manifest ${name}:${reference} refused: ${response.status} ${await response.text()}`);
        return { mediaType, digest: sha256(body), size: body.length };
    }

    async getManifest(name: string, reference: string): Promise<{ mediaType: string; digest: string; size: number; body: ManifestBody }> {
        const response = await fetch(this.url(`${name}/manifests/${reference}`), { headers: { Accept: ACCEPT_ALL } });
        if (!response.ok) throw new Error(`manifest ${name}:${reference} not found: ${response.status}`);
        const raw = Buffer.from(await response.arrayBuffer());
        const body = JSON.parse(raw.toString()) as ManifestBody;
        return { mediaType: body.mediaType ?? response.headers.get("content-type") ?? "", digest: sha256(raw), size: raw.length, body };
    }

    async getBlob(name: string, digest: string): Promise<Buffer> {
        const response = await fetch(this.url(`${name}/blobs/${digest}`));
        if (!response.ok) throw new Error(`blob ${name}@${digest} not found: ${response.status}`);
        return Buffer.from(await response.arrayBuffer());
    }
}
