import * as pulumi from "@pulumi/pulumi";

/**
 * Arguments of a DistrolessApp. Every field is an Input of a scalar, an
 * array, a string map or a nested interface, so the component's schema can
 * be inferred and served to other Pulumi languages. Closed sets (language,
 * variant) are strings checked at run time against the exported constants.
 */
export interface DistrolessAppArgs {
    /** The team or domain the app belongs to; the image is named `{domain}-{name}`. */
    domain: pulumi.Input<string>;
    /** `python` or `go` (see LANGUAGES). */
    language: pulumi.Input<string>;
    /** Path of the app's source directory, the build context. */
    context: pulumi.Input<string>;
    /** Python: module run with `-m` (default: the app name with `_` for `-`). Go: main package (default `.`). */
    main?: pulumi.Input<string>;
    /**
     * Path of the app's own Dockerfile, used instead of the language template.
     * It receives the resolved base image as the build argument BASE_IMAGE
     * and the version as VERSION.
     */
    dockerfile?: pulumi.Input<string>;
    /** Exec-form entrypoint; overrides the template's. Never a shell on a non-debug base. */
    entrypoint?: pulumi.Input<pulumi.Input<string>[]>;
    /** Exec-form default arguments. */
    cmd?: pulumi.Input<pulumi.Input<string>[]>;
    /** Environment variables baked into the image. */
    env?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Extra build arguments passed to the Dockerfile. */
    buildArgs?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Build (without pushing) during preview. Default true. */
    buildOnPreview?: pulumi.Input<boolean>;

    /** The distroless base; defaults follow the language. */
    base?: pulumi.Input<BaseArgs>;
    /** Reference prefix -> replacement, applied to the base and builder images. */
    mirrors?: pulumi.Input<{ [prefix: string]: pulumi.Input<string> }>;
    /** Image reference -> digest, overriding the package's pin table. */
    pins?: pulumi.Input<{ [reference: string]: pulumi.Input<string> }>;
    /** Build targets. Default linux/amd64 and linux/arm64, as one OCI index. */
    platforms?: pulumi.Input<pulumi.Input<string>[]>;

    /** The version tag (an OCI tag: no `+build` metadata). */
    version: pulumi.Input<string>;
    /** A git commit SHA, pushed as an extra tag. */
    commit?: pulumi.Input<string>;
    /** Also tag `latest`. Default true; must be false with immutable tags. */
    latest?: pulumi.Input<boolean>;
    /** Let gcp readers and aws pull principals include the public. Default false. */
    allowPublicPull?: pulumi.Input<boolean>;
    /** Use a registry build cache. Default true wherever a registry destination exists. */
    cache?: pulumi.Input<boolean>;
    /** Protect the registry repositories from deletion (`pulumi destroy` refuses). Default false. */
    protectRepositories?: pulumi.Input<boolean>;
    /** URL of the app's source, recorded as the image's org.opencontainers.image.source label. */
    sourceUrl?: pulumi.Input<string>;

    /** Google Artifact Registry destination. */
    gcp?: pulumi.Input<GcpDestinationArgs>;
    /** AWS ECR destination. */
    aws?: pulumi.Input<AwsDestinationArgs>;
    /** Generic OCI registries (GHCR, a local registry, ...). */
    oci?: pulumi.Input<pulumi.Input<OciRegistryArgs>[]>;
    /** Write the multi-platform image as an OCI tarball; no registry involved. */
    localExport?: pulumi.Input<LocalExportArgs>;
}

export interface BaseArgs {
    /** Distroless variant: static, base, base-nossl, cc, python3, ... (see VARIANTS). */
    variant?: pulumi.Input<string>;
    /** Debian release of the base, 12 or 13. Default 13. */
    debian?: pulumi.Input<number>;
    /** Run as uid 65532. Default true. */
    nonroot?: pulumi.Input<boolean>;
    /** Use the debug tag (busybox under /busybox). Default false. */
    debug?: pulumi.Input<boolean>;
    /** A full reference overriding the computed one; `variant` still describes its contents. */
    image?: pulumi.Input<string>;
}

/** Retention shared by Artifact Registry cleanup policies and ECR lifecycle rules. */
export interface RetentionArgs {
    /** Delete untagged manifests after this many days. */
    untaggedDays?: pulumi.Input<number>;
    /** Keep this many most recent tagged images. */
    keepTagged?: pulumi.Input<number>;
}

export interface GcpDestinationArgs {
    project: pulumi.Input<string>;
    /** A region, or the multi-regions us, europe, asia. */
    location: pulumi.Input<string>;
    /** Use this existing repository instead of creating one per app. */
    repositoryId?: pulumi.Input<string>;
    /** IAM members granted roles/artifactregistry.reader. */
    readers?: pulumi.Input<pulumi.Input<string>[]>;
    /** IAM members granted roles/artifactregistry.writer. */
    writers?: pulumi.Input<pulumi.Input<string>[]>;
    /** Refuse to move existing tags. Default false (profiles set it). */
    immutableTags?: pulumi.Input<boolean>;
    /** Container Analysis scanning. Default true. */
    scanning?: pulumi.Input<boolean>;
    /** Cleanup policies. */
    retention?: pulumi.Input<RetentionArgs>;
    /** Evaluate cleanup policies without deleting. Default false. */
    cleanupDryRun?: pulumi.Input<boolean>;
    /** Customer-managed encryption key; cannot change after creation. */
    kmsKeyName?: pulumi.Input<string>;
}

export interface AwsDestinationArgs {
    /** Repository name. Default `{domain}-{name}`. */
    repositoryName?: pulumi.Input<string>;
    /** 12-digit account IDs or IAM ARNs allowed to pull. */
    pullPrincipals?: pulumi.Input<pulumi.Input<string>[]>;
    /** 12-digit account IDs or IAM ARNs allowed to push. */
    pushPrincipals?: pulumi.Input<pulumi.Input<string>[]>;
    /** Let AWS Lambda functions of the pull accounts pull the image. */
    lambdaPull?: pulumi.Input<boolean>;
    /** Refuse to move existing tags (the build-cache tag stays movable). Default false. */
    immutableTags?: pulumi.Input<boolean>;
    /** Scan on push. Default true. */
    scanOnPush?: pulumi.Input<boolean>;
    /** Lifecycle policy. */
    retention?: pulumi.Input<RetentionArgs>;
    /** KMS key ARN; AES256 when absent. */
    kmsKey?: pulumi.Input<string>;
    /** Delete the repository even if it holds images. Default false. */
    forceDelete?: pulumi.Input<boolean>;
}

export interface OciRegistryArgs {
    /** Registry host, e.g. ghcr.io or 127.0.0.1:5000. */
    address: pulumi.Input<string>;
    /** Repository path inside the registry. Default `{domain}-{name}`, under `namespace` when given. */
    repository?: pulumi.Input<string>;
    /** Path the default repository goes under: the owner on GHCR (`acme` -> `acme/{domain}-{name}`), an organisation on Docker Hub. */
    namespace?: pulumi.Input<string>;
    username?: pulumi.Input<string>;
    /** Kept secret. */
    password?: pulumi.Input<string>;
}

export interface LocalExportArgs {
    /** Where the OCI tarball is written. */
    path: pulumi.Input<string>;
}
