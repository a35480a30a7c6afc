import * as pulumi from "@pulumi/pulumi";

/** Registry credentials handed to the build; the password is always secret. */
export interface RegistryLogin {
    readonly address: pulumi.Input<string>;
    readonly username: pulumi.Input<string>;
    readonly password: pulumi.Output<string>;
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
    /** Registry host and repository path of the image, without tag. */
    readonly imageName: pulumi.Output<string>;
    readonly login?: RegistryLogin;
    readonly cache: CacheLocation;
}

/** Options every child of the component gets. */
export interface ChildContext {
    readonly parent: pulumi.Resource;
    /** Extra options for repositories (protection follows the environment profile). */
    readonly repositoryOptions: pulumi.CustomResourceOptions;
}
