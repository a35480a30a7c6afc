import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { AppSpec, CACHE_TAG, GcpSpec, garProjectPath, gcpCacheRepositoryId } from "../spec";
import { CacheLocation, ChildContext, Destination } from "./destination";
import { cacheCleanupPolicies, cleanupPolicies } from "./gcp-cleanup";

export const GCP_READER_ROLE = "roles/artifactregistry.reader";
export const GCP_WRITER_ROLE = "roles/artifactregistry.writer";
/** The user name Artifact Registry accepts with an OAuth access token. */
const TOKEN_USER = "oauth2accesstoken";

/**
 * Artifact Registry: a Docker repository per app (unless an existing one is
 * named), one non-authoritative member grant per reader and writer, and a
 * login made from the deployer's access token.
 */
export function declareGcp(app: AppSpec, spec: GcpSpec, ctx: ChildContext): Destination {
    const name = app.name;
    const host = `${spec.location}-docker.pkg.dev`;
    const imagePath = (id: string) => `${host}/${garProjectPath(spec.project)}/${id}/${app.imageName}`;
    // A named existing repository is a plain string. A declared one is its
    // Output, so the grants and the image depend on its properties: should the
    // repository ever be replaced, the image is pushed into the new one.
    let repositoryId: pulumi.Input<string> = spec.repositoryId;
    let imageName: string | pulumi.Output<string> = imagePath(spec.repositoryId);
    if (spec.createRepository) {
        const repository = new gcp.artifactregistry.Repository(`${name}-gar`, {
            project: spec.project,
            location: spec.location,
            repositoryId: spec.repositoryId,
            format: "DOCKER",
            description: `Images of ${app.imageName}`,
            dockerConfig: { immutableTags: spec.immutableTags },
            cleanupPolicies: cleanupPolicies(spec.retention),
            cleanupPolicyDryRun: spec.cleanupDryRun,
            vulnerabilityScanningConfig: { enablementConfig: spec.scanning ? "INHERITED" : "DISABLED" },
            kmsKeyName: spec.kmsKeyName,
            labels: { app: app.name, domain: app.domain },
        }, { parent: ctx.parent, ...ctx.repositoryOptions });
        repositoryId = repository.repositoryId;
        imageName = repository.repositoryId.apply(imagePath);
    }

    grant(name, "reader", GCP_READER_ROLE, spec.readers, spec, repositoryId, ctx);
    grant(name, "writer", GCP_WRITER_ROLE, spec.writers, spec, repositoryId, ctx);

    // The invoke's direct form: its arguments are plain, and a Promise costs the
    // SDK far less than an Output, once per app.
    const client = gcp.organizations.getClientConfig({ parent: ctx.parent });
    return {
        key: "gcp",
        imageName,
        login: pulumi.secret(client.then((c) => ({ address: host, username: TOKEN_USER, password: c.accessToken }))),
        cache: cacheLocation(app, spec, host, imageName, ctx),
    };
}

function grant(
    name: string, kind: string, role: string, members: readonly string[], spec: GcpSpec,
    repository: pulumi.Input<string>, ctx: ChildContext,
): void {
    for (const member of members) {
        new gcp.artifactregistry.RepositoryIamMember(`${name}-gar-${kind}-${member}`, {
            project: spec.project,
            location: spec.location,
            repository,
            role,
            member,
        }, { parent: ctx.parent });
    }
}

/**
 * Immutable tags would freeze the cache tag after its first push, so an app
 * with immutable tags keeps its cache in a companion mutable repository of
 * its own (also when its images go to an existing, shared repository).
 */
function cacheLocation(
    app: AppSpec, spec: GcpSpec, host: string, imageName: string | pulumi.Output<string>, ctx: ChildContext,
): CacheLocation {
    if (!app.cache || !spec.immutableTags) {
        const ref = typeof imageName === "string" ? `${imageName}:${CACHE_TAG}` : imageName.apply((n) => `${n}:${CACHE_TAG}`);
        return { ref, imageManifest: false };
    }
    const cacheRepository = new gcp.artifactregistry.Repository(`${app.name}-gar-cache`, {
        project: spec.project,
        location: spec.location,
        repositoryId: gcpCacheRepositoryId(app.imageName),
        format: "DOCKER",
        description: `Build cache of ${app.imageName}`,
        dockerConfig: { immutableTags: false },
        // Each build moves the cache tag; the manifests it leaves behind go.
        cleanupPolicies: cacheCleanupPolicies(spec.retention),
        cleanupPolicyDryRun: spec.cleanupDryRun,
        kmsKeyName: spec.kmsKeyName,
        labels: { app: app.name, domain: app.domain, purpose: "build-cache" },
    }, { parent: ctx.parent, ...ctx.repositoryOptions });
    const ref = cacheRepository.repositoryId.apply((id) => `${host}/${garProjectPath(spec.project)}/${id}/${app.imageName}:${CACHE_TAG}`);
    return { ref, imageManifest: false };
}
