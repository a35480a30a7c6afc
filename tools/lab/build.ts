/**
 * Builds what the plan describes with the lab's Docker 20.10 engine. Its
 * embedded BuildKit builds one platform at a time, so each platform is
 * built and pushed on its own, then one index joins them, as docker-build's
 * multi-platform build would produce.
 */
import * as fs from "fs";
import * as path from "path";
import { Engine } from "./engine";
import { MEDIA, parsePlatform, RegistryClient } from "./oci";
import { BuildInputs } from "./plan";

export interface PlatformImage {
    readonly platform: string;
    /** The per-platform manifest in the registry. */
    readonly manifestDigest: string;
    /** `host/repository@digest`: what a puller of this platform gets. */
    readonly reference: string;
    readonly compressedSize: number;
    readonly uncompressedSize: number;
    /** Layer diff IDs, base first. */
    readonly layers: readonly string[];
    readonly buildSeconds: number;
}

export interface BuiltIndex {
    readonly inputs: BuildInputs;
    readonly repository: string;
    /** `host/repository:version`. */
    readonly reference: string;
    readonly indexDigest: string;
    readonly platforms: readonly PlatformImage[];
}

export interface BuildOptions {
    /** Ignore the build cache: a cold build. */
    readonly noCache?: boolean;
    /** Build from this directory instead of the plan's context (a changed copy of it). */
    readonly context?: string;
    readonly dockerfile?: string;
    /** Prefix of each build's output lines on stderr; quiet when absent. */
    readonly echo?: string;
}

/** Builds one platform into the engine's image store; returns the local tag and the wall time. */
export async function buildPlatform(
    engine: Engine, inputs: BuildInputs, platform: string, tag: string, workDir: string, options: BuildOptions = {},
): Promise<number> {
    const dockerfile = path.join(workDir, `${inputs.app}.Dockerfile`);
    fs.writeFileSync(dockerfile, options.dockerfile ?? inputs.dockerfile);
    const args = [
        "build",
        "--platform", platform,
        // The engine runs without a bridge network; RUN steps use the host's loopback-only network.
        "--network", "host",
        "--progress", "plain",
        "-f", dockerfile,
        "-t", tag,
        ...(options.noCache ? ["--no-cache"] : []),
        ...(inputs.target ? ["--target", inputs.target] : []),
        ...Object.entries(inputs.buildArgs).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
        ...Object.entries(inputs.labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
        options.context ?? inputs.context,
    ];
    const started = Date.now();
    await engine.docker(args, { echo: options.echo });
    return (Date.now() - started) / 1000;
}

/** Layer diff IDs and uncompressed size of an image in the engine's store. */
export async function inspectImage(engine: Engine, reference: string): Promise<{ layers: string[]; size: number }> {
    const { stdout } = await engine.docker(["image", "inspect", "--format", "{{json .RootFS.Layers}} {{.Size}}", reference]);
    const [layers, size] = stdout.trim().split(" ");
    return { layers: JSON.parse(layers) as string[], size: Number(size) };
}

/**
 * Builds every platform the plan names, pushes each to the lab registry and
 * joins them in one index tagged with each of the plan's tags.
 */
export async function buildIndex(
    engine: Engine, registry: RegistryClient, inputs: BuildInputs, workDir: string, options: BuildOptions = {},
): Promise<BuiltIndex> {
    const repository = `apps/${inputs.tags[0].split(":")[0]}`;
    const platforms: PlatformImage[] = [];
    for (const platform of inputs.platforms) {
        const arch = parsePlatform(platform).architecture;
        const tag = `${registry.host}/${repository}:${inputs.version}-${arch}`;
        const buildSeconds = await buildPlatform(engine, inputs, platform, tag, workDir, options);
        await engine.docker(["push", tag]);
        const manifest = await registry.getManifest(repository, `${inputs.version}-${arch}`);
        const { config: configDescriptor, layers = [] } = manifest.body;
        if (!configDescriptor) {
            throw new Error(`${tag} is not an image manifest`);
        }
        const config = JSON.parse((await registry.getBlob(repository, configDescriptor.digest)).toString()) as { architecture: string; os: string };
        const wanted = parsePlatform(platform);
        if (config.architecture !== wanted.architecture || config.os !== wanted.os) {
            throw new Error(`${inputs.app} ${platform}: the build produced ${config.os}/${config.architecture}`);
        }
        const local = await inspectImage(engine, tag);
        const layerBytes = layers.reduce((sum, l) => sum + l.size, 0);
        platforms.push({
            platform,
            manifestDigest: manifest.digest,
            reference: `${registry.host}/${repository}@${manifest.digest}`,
            compressedSize: layerBytes + configDescriptor.size,
            uncompressedSize: local.size,
            layers: local.layers,
            buildSeconds,
        });
        // Keep the store small (vfs copies every layer); the index is what gets tested.
        await engine.docker(["rmi", tag]);
    }
    const children = await Promise.all(platforms.map(async (p) => {
        const manifest = await registry.getManifest(repository, p.manifestDigest);
        return { mediaType: manifest.mediaType, digest: p.manifestDigest, size: manifest.size, platform: parsePlatform(p.platform) };
    }));
    // Docker pushes Docker-typed manifests; the matching index type is the manifest list.
    const indexType = children.every((c) => c.mediaType === MEDIA.dockerManifest) ? MEDIA.dockerList : MEDIA.ociIndex;
    const index = { schemaVersion: 2, mediaType: indexType, manifests: children };
    let indexDigest = "";
    for (const tag of inputs.tags.map((t) => t.split(":")[1])) {
        indexDigest = (await registry.pushManifest(repository, tag, index, indexType)).digest;
    }
    return {
        inputs,
        repository,
        reference: `${registry.host}/${repository}:${inputs.version}`,
        indexDigest,
        platforms,
    };
}
