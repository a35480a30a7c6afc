/**
 * The images the lab serves from its loopback registry in place of gcr.io
 * and Docker Hub: distroless stand-ins and builder images, each a
 * multi-platform index with the platform metadata upstream indexes carry.
 */
import * as fs from "fs";
import { assemble, BootstrapRecipe, Layer, Recipe, SUITE_OF } from "./assemble";
import { Descriptor, MEDIA, parsePlatform, RegistryClient } from "./oci";
import { PYTHON_BUILD_PACKAGES, PYTHON_BUILDERS } from "../../components/build/templates/python";
import { GO_BUILDER } from "../../components/build/templates/go";

export const LAB_PLATFORMS = ["linux/amd64", "linux/arm64"] as const;

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface ImageConfig {
    User?: string;
    WorkingDir?: string;
    Env?: string[];
    Entrypoint?: string[];
    Cmd?: string[];
}

/** One tag of a lab image: its canonical upstream reference and where the lab serves it. */
export interface LabImage {
    /** As templates and the catalogue name it, e.g. gcr.io/distroless/base-debian12:nonroot. */
    canonical: string;
    /** Repository path in the lab registry, e.g. distroless/base-debian12. */
    repository: string;
    tag: string;
    platforms: readonly string[];
    recipe(arch: string): Recipe;
    config: ImageConfig;
}

function archOf(platform: string): string {
    return platform.split("/")[1];
}

/** The distroless variants the lab needs, with both tags. */
export function distrolessImages(): LabImage[] {
    const wanted: [string, 12 | 13][] = [["static", 13], ["base", 13], ["cc", 13], ["python3", 13], ["base", 12]];
    const images: LabImage[] = [];
    for (const [variant, debian] of wanted) {
        const name = `${variant}-debian${debian}`;
        const env = [`PATH=${DEFAULT_PATH}`, "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"];
        const entrypoint = variant === "python3" ? ["/usr/bin/python3.13"] : undefined;
        for (const [tag, user, workdir] of [["latest", "0", "/"], ["nonroot", "65532", "/home/nonroot"]] as const) {
            images.push({
                canonical: `gcr.io/distroless/${name}:${tag}`,
                repository: `distroless/${name}`,
                tag,
                platforms: LAB_PLATFORMS,
                recipe: (arch) => ({ kind: "distroless", variant, debian, arch }),
                config: { User: user, WorkingDir: workdir, Env: env, ...(entrypoint ? { Entrypoint: entrypoint } : {}) },
            });
        }
    }
    return images;
}

function splitCanonical(canonical: string): { repository: string; tag: string } {
    const withoutHost = canonical.replace(/^docker\.io\//, "");
    const colon = withoutHost.lastIndexOf(":");
    return { repository: withoutHost.slice(0, colon), tag: withoutHost.slice(colon + 1) };
}

/**
 * Builders: Debian slim images with the packages the python template would
 * apt-get already installed (the template skips apt when they are present),
 * and a golang image laid out like the official one (/usr/local/go, GOPATH=/go).
 */
export function builderImages(): LabImage[] {
    const images: LabImage[] = [];
    for (const debian of [12, 13] as const) {
        const canonical = PYTHON_BUILDERS[debian];
        images.push({
            canonical,
            ...splitCanonical(canonical),
            platforms: LAB_PLATFORMS,
            recipe: (arch): BootstrapRecipe => ({
                kind: "bootstrap", suite: SUITE_OF[debian], arch, include: PYTHON_BUILD_PACKAGES, customize: [], slim: true,
            }),
            config: { Env: [`PATH=${DEFAULT_PATH}`], Cmd: ["bash"] },
        });
    }
    images.push({
        canonical: GO_BUILDER,
        ...splitCanonical(GO_BUILDER),
        // The Go template runs its builder on the build platform only (FROM --platform=$BUILDPLATFORM).
        platforms: ["linux/amd64"],
        recipe: (arch): BootstrapRecipe => ({
            kind: "bootstrap", suite: "trixie", arch, include: ["golang-1.24-go", "ca-certificates"],
            customize: ['ln -s /usr/lib/go-1.24 "$1/usr/local/go"', 'mkdir -p "$1/go/bin" "$1/go/src"', 'chmod -R 1777 "$1/go"'],
            slim: true,
        }),
        config: {
            Env: [`PATH=/go/bin:/usr/local/go/bin:${DEFAULT_PATH}`, "GOPATH=/go", "GOTOOLCHAIN=local"],
            WorkingDir: "/go",
            Cmd: ["bash"],
        },
    });
    return images;
}

/**
 * A stand-in for python:3.13-slim, for the size comparison: Debian 13 minbase
 * with Python, CA certificates, tzdata and pip, trimmed of docs, man pages
 * and locales as the official slim images are. amd64 only.
 */
export function slimPythonImage(): LabImage {
    return {
        canonical: "docker.io/library/python:3.13-slim",
        repository: "library/python",
        tag: "3.13-slim",
        platforms: ["linux/amd64"],
        recipe: (arch): BootstrapRecipe => ({
            kind: "bootstrap", suite: "trixie", arch,
            include: ["python3", "python3-pip", "ca-certificates", "netbase", "tzdata"], customize: [], slim: true,
        }),
        config: { Env: [`PATH=${DEFAULT_PATH}`], Cmd: ["python3"] },
    };
}

export interface PushedImage {
    image: LabImage;
    /** host/repository:tag in the lab registry. */
    reference: string;
    indexDigest: string;
    /** Per platform: the manifest's digest and sizes. */
    platforms: Record<string, { digest: string; compressed: number; uncompressed: number }>;
}

async function pushManifestFor(registry: RegistryClient, image: LabImage, platform: string, layer: Layer): Promise<Descriptor> {
    const blob = fs.readFileSync(layer.file);
    await registry.pushBlob(image.repository, blob, layer.digest);
    const { os, architecture, variant } = parsePlatform(platform);
    const config = {
        architecture, os, ...(variant ? { variant } : {}),
        created: "1970-01-01T00:00:00Z",
        config: image.config,
        rootfs: { type: "layers", diff_ids: [layer.diffId] },
        history: [{ created: "1970-01-01T00:00:00Z", created_by: `pulumi-distroless lab: ${image.canonical}` }],
    };
    const configBlob = Buffer.from(JSON.stringify(config));
    const configDescriptor = await registry.pushBlob(image.repository, configBlob);
    const manifest = {
        schemaVersion: 2,
        mediaType: MEDIA.ociManifest,
        config: { ...configDescriptor, mediaType: MEDIA.ociConfig },
        layers: [{ mediaType: MEDIA.ociLayerGzip, digest: layer.digest, size: layer.size }],
    };
    const descriptor = await registry.pushManifest(image.repository, `${image.tag}-${architecture}`, manifest, MEDIA.ociManifest);
    return { ...descriptor, platform: parsePlatform(platform) };
}

/** Assembles (or takes from the cache) every platform of `image` and pushes one index. */
export async function pushLabImage(registry: RegistryClient, image: LabImage, log: (line: string) => void): Promise<PushedImage> {
    const manifests: Descriptor[] = [];
    const platforms: PushedImage["platforms"] = {};
    for (const platform of image.platforms) {
        const started = Date.now();
        const { layer, hit } = await assemble(image.recipe(archOf(platform)));
        log(`${image.canonical} ${platform}: ${hit ? "cached" : `assembled in ${((Date.now() - started) / 1000).toFixed(0)} s`}`);
        const descriptor = await pushManifestFor(registry, image, platform, layer);
        manifests.push(descriptor);
        platforms[platform] = { digest: descriptor.digest, compressed: layer.size, uncompressed: layer.uncompressedSize };
    }
    const index = { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests };
    const pushed = await registry.pushManifest(image.repository, image.tag, index, MEDIA.ociIndex);
    return { image, reference: `${registry.host}/${image.repository}:${image.tag}`, indexDigest: pushed.digest, platforms };
}

/** Runs `work` over `items` with at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await work(items[i]);
        }
    });
    await Promise.all(workers);
    return results;
}
