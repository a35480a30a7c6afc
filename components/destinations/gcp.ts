import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { AppSpec, CACHE_TAG, GcpSpec } from "../spec";
import { ChildContext, Destination } from "./destination";
import { cleanupPolicies } from "./gcp-cleanup";

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
    let repositoryId: pulumi.Output<string> = pulumi.output(spec.repositoryId);
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
    }

    grant(name, "reader", GCP_READER_ROLE, spec.readers, spec, repositoryId, ctx);
    grant(name, "writer", GCP_WRITER_ROLE, spec.writers, spec, repositoryId, ctx);

    const imageName = pulumi.interpolate`${host}/${spec.project}/${repositoryId}/${app.imageName}`;
    const client = gcp.organizations.getClientConfigOutput({ parent: ctx.parent });
    return {
        key: "gcp",
        imageName,
        login: {
            address: host,
            username: TOKEN_USER,
            password: pulumi.secret(client.accessToken),
        },
        cache: { ref: cacheRef(app, spec, host, imageName, ctx), imageManifest: false },
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
 * with immutable tags keeps its cache in a companion mutable repository.
 */
function cacheRef(
    app: AppSpec, spec: GcpSpec, host: string, imageName: pulumi.Output<string>, ctx: ChildContext,
): pulumi.Input<string> {
    if (!app.cache || !spec.immutableTags) {
        return pulumi.interpolate`${imageName}:${CACHE_TAG}`;
    }
    const cacheRepository = new gcp.artifactregistry.Repository(`${app.name}-gar-cache`, {
        project: spec.project,
        location: spec.location,
        repositoryId: `${app.imageName}-cache`,
        format: "DOCKER",
        description: `Build cache of ${app.imageName}`,
        dockerConfig: { immutableTags: false },
        kmsKeyName: spec.kmsKeyName,
        labels: { app: app.name, domain: app.domain, purpose: "build-cache" },
    }, { parent: ctx.parent, ...ctx.repositoryOptions });
    return pulumi.interpolate`${host}/${spec.project}/${cacheRepository.repositoryId}/${app.imageName}:${CACHE_TAG}`;
}
