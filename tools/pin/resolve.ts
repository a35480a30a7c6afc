import { parseReference } from "../../components/base/reference";

/** Media types a registry may answer a tag with; the index types come first. */
const ACCEPT = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export interface RegistryLocation {
    readonly origin: string;
    readonly repository: string;
    readonly tag: string;
}

/** Where a reference's manifest lives: Docker Hub's short names expanded, loopback registries over plain HTTP. */
export function locate(reference: string): RegistryLocation {
    const { name, tag } = parseReference(reference);
    const slash = name.indexOf("/");
    let host = name.slice(0, slash);
    let repository = name.slice(slash + 1);
    if (slash < 0 || !(host.includes(".") || host.includes(":") || host === "localhost")) {
        host = "docker.io";
        repository = name;
    }
    if (host === "docker.io") {
        host = "registry-1.docker.io";
        if (!repository.includes("/")) {
            repository = `library/${repository}`;
        }
    }
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
    return { origin: `${loopback ? "http" : "https"}://${host}`, repository, tag: tag ?? "latest" };
}

/**
 * The digest a tag points at now, from the registry's HTTP API (HEAD on
 * the manifest, with an anonymous bearer token when the registry asks).
 */
export async function resolveDigest(reference: string): Promise<string> {
    const where = locate(reference);
    const url = `${where.origin}/v2/${where.repository}/manifests/${where.tag}`;
    let response = await fetch(url, { method: "HEAD", headers: { Accept: ACCEPT } });
    if (response.status === 401) {
        const token = await anonymousToken(response.headers.get("www-authenticate"), where.repository);
        response = await fetch(url, { method: "HEAD", headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` } });
    }
    if (!response.ok) {
        throw new Error(`${reference}: ${url} answered ${response.status} ${response.statusText}`);
    }
    const digest = response.headers.get("docker-content-digest");
    if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest)) {
        throw new Error(`${reference}: the registry gave no usable Docker-Content-Digest header`);
    }
    return digest;
}

async function anonymousToken(challenge: string | null, repository: string): Promise<string> {
    const params = Object.fromEntries([...(challenge ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!challenge?.startsWith("Bearer") || !params.realm) {
        throw new Error(`the registry asked for credentials this tool does not have (${challenge ?? "no challenge"})`);
    }
    const url = new URL(params.realm);
    if (params.service) {
        url.searchParams.set("service", params.service);
    }
    url.searchParams.set("scope", params.scope ?? `repository:${repository}:pull`);
    const response = await fetch(url);
    if (!response.ok) {
        throw new Error(`token request to ${url.origin} answered ${response.status}`);
    }
    const body = await response.json() as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) {
        throw new Error(`token response from ${url.origin} had no token`);
    }
    return token;
}
