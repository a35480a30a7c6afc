import * as pulumi from "@pulumi/pulumi";

/** Registry credentials handed to the build. */
export interface RegistryLogin {
    readonly address: pulumi.Input<string>;
    readonly username: pulumi.Input<string>;
    readonly password: pulumi.Input<string>;
}

/** Where a build cache lives, and whether the registry needs an image-manifest cache (ECR). */
export interface CacheLocation {
    readonly ref: pulumi.Input<string>;
    readonly imageManifest: boolean;
}

/**
 * What one registry destination gives the build: the image's name in that
 * registry, how to log in, and where a build cache may live. Each registry
 * (gcp.ts, aws.ts, oci.ts) declares its own repository and pull grants and
 * returns one of these; the component knows nothing else about it.
 */
export interface Destination {
    /** Key in the component's imageRefs and repositoryUrls outputs. */
    readonly key: string;
    /**
     * Registry host and repository path of the image, without tag. An Output
     * of the repository's own properties when the component declares the
     * repository, so the build depends on it (and pushes again should it be
     * replaced); a plain string otherwise.
     */
    readonly imageName: string | pulumi.Output<string>;
    /**
     * Always secret: a secret Output of the whole login, or a login whose
     * password is a secret Output.
     */
    readonly login?: pulumi.Input<RegistryLogin>;
    readonly cache: CacheLocation;
}

/** Options every child of the component gets. */
export interface ChildContext {
    readonly parent: pulumi.Resource;
    /** Extra options for repositories (protection follows the environment profile). */
    readonly repositoryOptions: pulumi.CustomResourceOptions;
}
