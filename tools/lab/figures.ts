/**
 * Figures the lab prints (never asserted as timings): image sizes, the
 * Python demo against the same app on a slim Debian base, and a cold build
 * against the rebuild after a one-line change to the app's code.
 */
import * as fs from "fs";
import * as path from "path";
import { buildPlatform, BuiltIndex } from "./build";
import { Engine } from "./engine";
import { RegistryClient } from "./oci";
import { BuildInputs } from "./plan";

export function megabytes(bytes: number): string {
    return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Replaces the final stage's base: the same app and build, another runtime image. */
export function withFinalBase(dockerfile: string, base: string): string {
    const lines = dockerfile.split("\n");
    const last = lines.map((l, i) => (/^FROM\s/.test(l) ? i : -1)).filter((i) => i >= 0).pop();
    if (last === undefined) {
        throw new Error("the Dockerfile has no FROM line");
    }
    lines[last] = `FROM ${base}`;
    return lines.join("\n");
}

interface LayerHistory {
    /** Diff IDs, base first. */
    layers: string[];
    /** The instruction that made each layer. */
    createdBy: string[];
}

/** Pushes a local image and reads its layers and their history from the registry's copy of the config. */
async function layerHistory(engine: Engine, registry: RegistryClient, repository: string, tag: string): Promise<LayerHistory> {
    await engine.docker(["push", `${registry.host}/${repository}:${tag}`]);
    const manifest = await registry.getManifest(repository, tag);
    if (!manifest.body.config) {
        throw new Error(`${repository}:${tag} is not an image manifest`);
    }
    const config = JSON.parse((await registry.getBlob(repository, manifest.body.config.digest)).toString()) as {
        rootfs: { diff_ids: string[] };
        history?: { created_by?: string; empty_layer?: boolean }[];
    };
    const createdBy = (config.history ?? []).filter((h) => !h.empty_layer).map((h) => h.created_by ?? "");
    return { layers: config.rootfs.diff_ids, createdBy };
}

export interface SlimComparison {
    readonly distroless: number;
    readonly slim: number;
    readonly ratio: number;
}

/** Builds the Python demo's amd64 image again with the slim stand-in as the final stage's base. */
export async function compareWithSlim(
    engine: Engine, registry: RegistryClient, python: BuiltIndex, slimReference: string, workDir: string,
): Promise<SlimComparison> {
    const platform = "linux/amd64";
    const distroless = python.platforms.find((p) => p.platform === platform);
    if (!distroless) {
        throw new Error(`${python.inputs.app} has no ${platform} image to compare`);
    }
    const tag = `${registry.host}/figures/${python.inputs.app}-slim:${python.inputs.version}`;
    await buildPlatform(engine, python.inputs, platform, tag, workDir, {
        dockerfile: withFinalBase(python.inputs.dockerfile, slimReference),
    });
    const { stdout } = await engine.docker(["image", "inspect", "--format", "{{.Size}}", tag]);
    const slim = Number(stdout.trim());
    await engine.docker(["rmi", tag]);
    return { distroless: distroless.uncompressedSize, slim, ratio: distroless.uncompressedSize / slim };
}

/** A one-line change to each demo's code, one that changes what the build produces. */
const ONE_LINE_CHANGES: Record<string, { file: string; from: string; to: string }> = {
    python: { file: "hello_python/server.py", from: '"hello-python stopped"', to: '"hello-python stopped, bye"' },
    go: { file: "main.go", from: '"hello-go stopped"', to: '"hello-go stopped, bye"' },
};

export interface RebuildFigure {
    readonly app: string;
    readonly coldSeconds: number;
    readonly rebuildSeconds: number;
    readonly layers: number;
    /** The instructions whose layers differ after the change. */
    readonly changed: readonly string[];
    /** True when only the final stage's last layer (the app's own) changed. */
    readonly onlyAppLayer: boolean;
}

/**
 * Builds a copy of the app's context without cache (cold), changes one line
 * of its code, builds again with the cache, and compares the layers.
 */
export async function measureRebuild(
    engine: Engine, registry: RegistryClient, inputs: BuildInputs, workDir: string,
): Promise<RebuildFigure> {
    const change = ONE_LINE_CHANGES[inputs.language];
    const context = path.join(workDir, `rebuild-${inputs.app}`);
    fs.rmSync(context, { recursive: true, force: true });
    fs.cpSync(inputs.context, context, { recursive: true });
    const repository = `figures/${inputs.app}-rebuild`;
    const platform = "linux/amd64";

    const coldTag = `${registry.host}/${repository}:cold`;
    const coldSeconds = await buildPlatform(engine, inputs, platform, coldTag, workDir, { context, noCache: true });
    const cold = await layerHistory(engine, registry, repository, "cold");

    const file = path.join(context, change.file);
    const source = fs.readFileSync(file, "utf8");
    if (!source.includes(change.from)) {
        throw new Error(`${change.file} no longer contains ${change.from}: update the lab's one-line change`);
    }
    fs.writeFileSync(file, source.replace(change.from, change.to));

    const changedTag = `${registry.host}/${repository}:changed`;
    const rebuildSeconds = await buildPlatform(engine, inputs, platform, changedTag, workDir, { context });
    const changed = await layerHistory(engine, registry, repository, "changed");
    await engine.docker(["rmi", coldTag, changedTag], { allowFailure: true });

    const differing = changed.layers.map((id, i) => (id !== cold.layers[i] ? i : -1)).filter((i) => i >= 0);
    const last = changed.layers.length - 1;
    return {
        app: inputs.app,
        coldSeconds,
        rebuildSeconds,
        layers: changed.layers.length,
        changed: differing.map((i) => changed.createdBy[i] ?? `layer ${i}`),
        onlyAppLayer: cold.layers.length === changed.layers.length && differing.length === 1 && differing[0] === last,
    };
}
