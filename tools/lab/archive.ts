/**
 * The local stack's export: the multi-platform index written as one OCI
 * archive, what docker-build's `oci` export gives, copied with skopeo from
 * the lab registry.
 */
import * as fs from "fs";
import * as path from "path";
import { BuiltIndex } from "./build";
import { RegistryClient } from "./oci";
import { run } from "./proc";

/** Writes the index and every platform's image to `file`; returns the platforms the archive holds. */
export async function writeOciArchive(registry: RegistryClient, built: BuiltIndex, file: string): Promise<string[]> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.rmSync(file, { force: true });
    const source = `docker://${registry.host}/${built.repository}@${built.indexDigest}`;
    await run("skopeo", ["copy", "--quiet", "--all", "--src-tls-verify=false", source, `oci-archive:${file}`]);
    const { stdout } = await run("skopeo", ["inspect", "--raw", `oci-archive:${file}`]);
    const index = JSON.parse(stdout) as { manifests?: { platform?: { os: string; architecture: string } }[] };
    return (index.manifests ?? []).flatMap((m) => (m.platform ? [`${m.platform.os}/${m.platform.architecture}`] : []));
}
