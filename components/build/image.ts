import * as docker from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { AppSpec } from "../spec";
import { ChildContext, Destination } from "../destinations/destination";

/**
 * The one multi-platform build: every registry destination gets every tag,
 * and a local export, when asked, gets the same index as an OCI tarball.
 */
export function declareImage(app: AppSpec, destinations: readonly Destination[], ctx: ChildContext): docker.Image {
    const push = destinations.length > 0;
    // Tags under a plain name stay plain strings; a name that is an Output of
    // its repository gets one Output per tag.
    const tagsOf = (name: string | pulumi.Output<string>): pulumi.Input<string>[] => typeof name === "string"
        ? app.tags.map((tag) => `${name}:${tag}`)
        : app.tags.map((tag) => name.apply((n) => `${n}:${tag}`));
    const tags = push ? destinations.flatMap((d) => tagsOf(d.imageName)) : tagsOf(app.imageName);
    const logins = destinations.flatMap((d) => d.login ? [d.login] : []);
    const cache = app.cache ? destinations[0]?.cache : undefined;

    return new docker.Image(`${app.name}-image`, {
        push,
        tags,
        context: { location: app.context },
        dockerfile: app.dockerfile,
        buildArgs: app.buildArgs,
        platforms: app.platforms as docker.Platform[],
        labels: app.labels,
        buildOnPreview: app.buildOnPreview,
        registries: logins.length > 0 ? logins : undefined,
        // With push set, the registry export is added by the provider itself.
        exports: app.localExport ? [{ oci: { dest: app.localExport.path } }] : undefined,
        cacheFrom: cache ? [{ registry: { ref: cache.ref } }] : undefined,
        cacheTo: cache
            ? [{
                registry: {
                    ref: cache.ref,
                    mode: docker.CacheMode.Max,
                    imageManifest: cache.imageManifest,
                    ociMediaTypes: true,
                },
            }]
            : undefined,
    }, { parent: ctx.parent });
}
