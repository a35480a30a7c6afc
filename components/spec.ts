import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import {
    AwsDestinationArgs, DistrolessAppArgs, GcpDestinationArgs, LocalExportArgs, OciRegistryArgs, RetentionArgs,
} from "./args";
import {
    DEBIAN_RELEASES, DEFAULT_DEBIAN, DEFAULT_PLATFORMS, DebianRelease, END_OF_LIFE, VARIANTS, VariantFacts,
    removalOf, variantFacts,
} from "./base/catalogue";
import { DEFAULT_PINS, mergePins } from "./base/pins";
import { ResolvedImage, distrolessReference, resolveImage } from "./base/reference";
import { LANGUAGE_NAMES, languageTemplate } from "./build/languages";
import { LanguageTemplate } from "./build/template";
import { checkEntrypoint } from "./validation/entrypoint";
import * as names from "./validation/names";
import { checkAwsPrincipal, checkAwsPusher, checkGcpMember, checkGcpWriter } from "./validation/principals";
import { Findings, REDACTED } from "./validation/problem";
import { argsShape, shapeProblems, withoutNulls } from "./validation/shape";

/** The args with every Input resolved, except registry passwords, which stay opaque. */
export type ResolvedArgs = Omit<pulumi.Unwrap<DistrolessAppArgs>, "oci"> & {
    oci?: (Omit<pulumi.Unwrap<OciRegistryArgs>, "password"> & { password?: pulumi.Input<string> })[];
};

export interface Retention {
    readonly untaggedDays: number;
    readonly keepTagged: number;
}

export interface GcpSpec {
    readonly project: string;
    readonly location: string;
    readonly repositoryId: string;
    readonly createRepository: boolean;
    readonly imagePath: string;
    readonly readers: readonly string[];
    readonly writers: readonly string[];
    readonly immutableTags: boolean;
    readonly scanning: boolean;
    readonly retention: Retention;
    readonly cleanupDryRun: boolean;
    readonly kmsKeyName?: string;
}

export interface AwsSpec {
    readonly repositoryName: string;
    readonly pullPrincipals: readonly string[];
    readonly pushPrincipals: readonly string[];
    readonly lambdaPull: boolean;
    readonly immutableTags: boolean;
    readonly scanOnPush: boolean;
    readonly retention: Retention;
    readonly kmsKey?: string;
    readonly forceDelete: boolean;
}

export interface OciSpec {
    readonly address: string;
    readonly repository: string;
    readonly username?: string;
    readonly password?: pulumi.Input<string>;
}

export interface BaseSpec {
    readonly variant: string;
    readonly debian: DebianRelease;
    readonly nonroot: boolean;
    readonly debug: boolean;
    readonly facts: VariantFacts;
    readonly image: ResolvedImage;
}

/** Everything the component declares, decided and checked before any resource exists. */
export interface AppSpec {
    readonly name: string;
    readonly domain: string;
    readonly imageName: string;
    readonly language: string;
    readonly context: string;
    readonly dockerfile: { readonly inline: string } | { readonly location: string };
    readonly buildArgs: Readonly<Record<string, string>>;
    readonly buildOnPreview: boolean;
    readonly base: BaseSpec;
    readonly builderImages: readonly ResolvedImage[];
    readonly platforms: readonly string[];
    readonly tags: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
    readonly cache: boolean;
    readonly protectRepositories: boolean;
    readonly gcp?: GcpSpec;
    readonly aws?: AwsSpec;
    readonly oci: readonly OciSpec[];
    readonly localExport?: { readonly path: string };
    readonly warnings: readonly string[];
}

export const DEFAULT_RETENTION: Retention = { untaggedDays: 14, keepTagged: 30 };
export const CACHE_TAG = "buildcache";
/** A century of days, and more tagged images than any registry keeps per repository. */
const RETENTION_LIMITS: Retention = { untaggedDays: 36500, keepTagged: 100000 };

/** Turns resolved args into an AppSpec, or throws a ValidationError listing every broken rule. */
export function resolveAppSpec(name: string, args: ResolvedArgs, secretFields: readonly string[] = []): AppSpec {
    const f = new Findings(secretFields);
    const subject = `DistrolessApp "${name}"`;

    names.checkAppName(f, "name", name);
    // Null means absent (as on Pulumi's wire), everywhere below.
    args = withoutNulls(args) as ResolvedArgs;
    // Types and keys first: the rules below may then trust every value's type.
    const shape = shapeProblems(argsShape, args);
    if (shape.length > 0) {
        f.addAll(shape);
        f.throwIfAny(subject);
    }
    checkSecretsStayOut(f, secretFields);
    requireString(f, "domain", args.domain) && names.checkAppName(f, "domain", args.domain);
    const imageName = `${args.domain}-${name}`;
    // Names derived from a broken name or domain would only repeat its problem.
    const derivedNames = f.problems.length === 0;

    const template = checkLanguage(f, args.language);
    requireString(f, "context", args.context) && checkLocalPath(f, "context", args.context, "directory");
    if (args.dockerfile !== undefined) {
        checkLocalPath(f, "dockerfile", args.dockerfile, "file");
    }
    requireString(f, "version", args.version) && names.checkTag(f, "version", args.version);
    checkReservedTag(f, "version", args.version);
    if (args.commit !== undefined) {
        names.checkCommit(f, "commit", args.commit);
        if (args.commit === args.version) {
            f.add("commit", args.commit, "is the same tag as version; leave commit out or give the git SHA");
        }
    }
    if (args.sourceUrl !== undefined) {
        checkSourceUrl(f, "sourceUrl", args.sourceUrl);
    }

    const base = checkBase(f, args, template);
    const platforms = checkPlatforms(f, args.platforms, base);
    const mirrors = checkStringMap(f, "mirrors", args.mirrors);
    for (const [prefix, replacement] of Object.entries(mirrors)) {
        const field = `mirrors[${JSON.stringify(prefix)}]`;
        names.checkMirrorPrefix(f, `${field} (the prefix)`, prefix);
        names.checkMirrorPrefix(f, field, replacement);
        if (prefix.endsWith("/") !== replacement.endsWith("/")) {
            f.add(field, replacement, "a prefix and its replacement both end with '/' or neither does, or the path would be glued together");
        }
    }
    const pins = checkStringMap(f, "pins", args.pins);
    for (const [ref, digest] of Object.entries(pins)) {
        names.checkDigest(f, `pins[${JSON.stringify(ref)}]`, digest);
    }
    const env = checkStringMap(f, "env", args.env);
    for (const [key, value] of Object.entries(env)) {
        names.checkVariableName(f, `env.${key}`, key);
        if (/[\r\n]/.test(value)) {
            f.add(`env.${key}`, value, "must not contain a line break (an ENV instruction is one line)");
        }
        if (key === "APP_VERSION") {
            f.add(`env.${key}`, value, "APP_VERSION is set by the template from `version`; set the version there");
        }
    }
    const userBuildArgs = checkStringMap(f, "buildArgs", args.buildArgs);
    for (const key of Object.keys(userBuildArgs)) {
        names.checkVariableName(f, `buildArgs.${key}`, key);
        if (key === "BASE_IMAGE") {
            f.add(`buildArgs.${key}`, userBuildArgs[key], "BASE_IMAGE is set by the component from `base`; choose the base there");
        }
        if (key === "VERSION") {
            f.add(`buildArgs.${key}`, userBuildArgs[key], "VERSION is set by the component from `version`; set the version there");
        }
    }
    const main = args.main ?? template?.defaultMain(name) ?? "";
    checkMain(f, args.language, main);
    if (args.dockerfile !== undefined) {
        // The app's own Dockerfile decides these; silently dropping them would surprise.
        for (const key of ["main", "entrypoint", "cmd", "env"] as const) {
            if (args[key] !== undefined) {
                f.add(key, args[key], "applies to the rendered Dockerfile only; with dockerfile, set it in the app's Dockerfile");
            }
        }
    } else if (args.entrypoint !== undefined && args.entrypoint.length > 0) {
        checkEntrypoint(f, "entrypoint", args.entrypoint, base?.debug ?? false);
    } else if (args.entrypoint !== undefined) {
        // The template always writes an ENTRYPOINT, so cmd is only the program when the entrypoint is emptied.
        if (args.cmd !== undefined && args.cmd.length > 0) {
            checkEntrypoint(f, "cmd", args.cmd, base?.debug ?? false);
        } else {
            f.add("entrypoint", args.entrypoint, "an empty entrypoint with no cmd leaves the image nothing to run");
        }
    }

    const allowPublic = args.allowPublicPull ?? false;
    const latest = args.latest ?? true;
    const gcp = args.gcp ? checkGcp(f, args.gcp, imageName, derivedNames, allowPublic, latest) : undefined;
    const aws = args.aws ? checkAws(f, args.aws, imageName, derivedNames, allowPublic, latest) : undefined;
    const oci = (args.oci ?? []).map((r, i) => checkOci(f, `oci[${i}]`, r, imageName, derivedNames));
    const localExport = args.localExport ? checkLocalExport(f, args.localExport) : undefined;
    if (!gcp && !aws && oci.length === 0 && !localExport) {
        f.add("gcp, aws, oci, localExport", undefined, "at least one destination is required");
    }
    const hasRegistry = Boolean(gcp || aws || oci.length > 0);
    const cache = hasRegistry && (args.cache ?? true);
    if (gcp && cache && gcp.immutableTags && derivedNames) {
        names.checkArtifactRegistryId(f, "gcp (build cache repository id, from domain-name-cache)", gcpCacheRepositoryId(imageName));
    }

    f.throwIfAny(subject);
    if (!template || !base) {
        throw new Error(`${subject}: internal error, validation passed without a language or base`);
    }

    const allPins = mergePins(DEFAULT_PINS, pins);
    const baseImage = resolveImage(base.image ?? distrolessReference(base), allPins, mirrors);
    const builderImages = template.builderImages(base.debian, base.facts).map((ref) => resolveImage(ref, allPins, mirrors));
    for (const image of [baseImage, ...builderImages]) {
        if (!image.digest) {
            f.warn(`${image.canonical} is not pinned to a digest; builds may change under you. Run \`npm run pin\` or set pins["${image.canonical}"].`);
        }
    }
    const eol = END_OF_LIFE[base.debian];
    if (eol) {
        f.warn(`base ${base.variant}-debian${base.debian}: distroless support for Debian ${base.debian} ended in ${eol}; move to debian: ${DEFAULT_DEBIAN}.`);
    }

    const baseSpec: BaseSpec = { ...base, image: baseImage };
    const resolveBuilder = (ref: string) => resolveImage(ref, allPins, mirrors).reference;
    const dockerfile = args.dockerfile !== undefined
        ? { location: args.dockerfile }
        : {
            inline: template.render({
                baseImage: baseImage.reference,
                base: baseSpec,
                main,
                entrypoint: args.entrypoint,
                cmd: args.cmd,
                env,
                resolveImage: resolveBuilder,
            }),
        };

    const tags = [args.version, ...(args.commit ? [args.commit] : []), ...(latest ? ["latest"] : [])];
    return {
        name,
        domain: args.domain,
        imageName,
        language: args.language,
        context: args.context,
        dockerfile,
        buildArgs: { ...userBuildArgs, BASE_IMAGE: baseImage.reference, VERSION: args.version },
        buildOnPreview: args.buildOnPreview ?? true,
        base: baseSpec,
        builderImages,
        platforms,
        tags,
        labels: imageLabels(args, imageName, baseImage),
        cache,
        protectRepositories: args.protectRepositories ?? false,
        gcp,
        aws,
        oci,
        localExport,
        warnings: f.warnings,
    };
}

function imageLabels(args: ResolvedArgs, imageName: string, baseImage: ResolvedImage): Record<string, string> {
    const labels: Record<string, string> = {
        "org.opencontainers.image.title": imageName,
        "org.opencontainers.image.version": args.version,
        "org.opencontainers.image.base.name": baseImage.canonical.split("@")[0],
    };
    if (args.sourceUrl) {
        labels["org.opencontainers.image.source"] = args.sourceUrl;
    }
    if (args.commit) {
        labels["org.opencontainers.image.revision"] = args.commit;
    }
    if (baseImage.digest) {
        labels["org.opencontainers.image.base.digest"] = baseImage.digest;
    }
    return labels;
}

/**
 * A local build context or Dockerfile must exist when the program runs: the
 * build would fail otherwise, perhaps half-way through a deploy. Remote
 * contexts (URLs, git addresses) are the builder's business.
 */
function checkLocalPath(f: Findings, field: string, value: string, kind: "directory" | "file"): void {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith("git@")) {
        return;
    }
    let stat: fs.Stats | undefined;
    try {
        stat = fs.statSync(value);
    } catch {
        f.add(field, value, `no such ${kind} (relative paths start at ${process.cwd()})`);
        return;
    }
    if (kind === "directory" ? !stat.isDirectory() : !stat.isFile()) {
        f.add(field, value, `must be a ${kind}`);
    }
}

function requireString(f: Findings, field: string, value: unknown): value is string {
    if (typeof value !== "string" || value === "") {
        f.add(field, value, "is required and must be a non-empty string");
        return false;
    }
    return true;
}

function checkStringMap(f: Findings, field: string, value: unknown): Record<string, string> {
    if (value === undefined) {
        return {};
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        f.add(field, value, "must be a map of strings");
        return {};
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") {
            f.add(`${field}.${k}`, v, "must be a string");
        } else {
            out[k] = v;
        }
    }
    return out;
}

function checkLanguage(f: Findings, language: unknown): LanguageTemplate | undefined {
    const template = typeof language === "string" ? languageTemplate(language) : undefined;
    if (!template) {
        f.add("language", language, `must be one of ${LANGUAGE_NAMES.join(", ")}`);
    }
    return template;
}

interface CheckedBase {
    readonly variant: string;
    readonly debian: DebianRelease;
    readonly nonroot: boolean;
    readonly debug: boolean;
    readonly facts: VariantFacts;
    readonly image?: string;
}

function checkBase(f: Findings, args: ResolvedArgs, template: LanguageTemplate | undefined): CheckedBase | undefined {
    const requested = args.base ?? {};
    const debian = requested.debian ?? DEFAULT_DEBIAN;
    const variant = requested.variant ?? template?.defaultVariant;
    if (!DEBIAN_RELEASES.includes(debian as DebianRelease)) {
        f.add("base.debian", debian, `must be one of ${DEBIAN_RELEASES.join(", ")}`);
        return undefined;
    }
    if (variant === undefined) {
        return undefined;
    }
    const variantField = requested.variant === undefined ? `base.variant (the default for ${template?.language})` : "base.variant";
    const removal = removalOf(variant, debian);
    if (removal) {
        f.add(variantField, variant,
            `${removal.image} was removed from distroless in ${removal.removed}; use ${removal.replacement} instead`);
        return undefined;
    }
    const facts = variantFacts(variant, debian);
    if (!facts) {
        const known = VARIANTS.includes(variant)
            ? `${variant} is not published for Debian ${debian}`
            : `${variant} is not a distroless variant (known: ${VARIANTS.join(", ")})`;
        f.add("base.variant", variant, known);
        return undefined;
    }
    if (template && !template.supports(facts)) {
        f.add(variantField, variant, `${variant}-debian${debian} cannot run ${template.language} apps: ${template.requirement}`);
    }
    if (requested.image !== undefined) {
        names.checkImageReference(f, "base.image", requested.image);
    }
    return {
        variant,
        debian: debian as DebianRelease,
        nonroot: requested.nonroot ?? true,
        debug: requested.debug ?? false,
        facts,
        image: requested.image,
    };
}

function checkPlatforms(f: Findings, requested: string[] | undefined, base: CheckedBase | undefined): string[] {
    const platforms = requested ?? [...DEFAULT_PLATFORMS];
    if (platforms.length === 0) {
        f.add("platforms", platforms, "must list at least one platform");
    }
    const seen = new Set<string>();
    platforms.forEach((platform, i) => {
        if (seen.has(platform)) {
            f.add(`platforms[${i}]`, platform, "is listed twice");
        }
        seen.add(platform);
        if (base && !base.facts.platforms.includes(platform)) {
            f.add(`platforms[${i}]`, platform,
                `${base.variant}-debian${base.debian} is published only for ${base.facts.platforms.join(", ")}`);
        }
    });
    return platforms;
}

const PYTHON_MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** ./ and then path segments, none of them . or .. (the package must lie inside the context). */
const GO_PACKAGE = /^\.(\/(?!\.\.?(\/|$))[A-Za-z0-9_.-]+)*$/;

function checkMain(f: Findings, language: string, main: string): void {
    if (language === "python" && !PYTHON_MODULE.test(main)) {
        f.add("main", main, "a Python main is a module name run with -m, such as app or hello.server");
    }
    if (language === "go" && !GO_PACKAGE.test(main)) {
        f.add("main", main, "a Go main is a package path inside the context, such as . or ./cmd/server");
    }
}

function retentionOf(f: Findings, field: string, r: pulumi.Unwrap<RetentionArgs> | undefined): Retention {
    const retention = { ...DEFAULT_RETENTION, ...stripUndefined(r ?? {}) };
    for (const [key, value] of Object.entries(retention)) {
        const most = RETENTION_LIMITS[key as keyof Retention];
        if (!Number.isInteger(value) || value < 1 || value > most) {
            f.add(`${field}.${key}`, value, `must be a whole number from 1 to ${most}`);
        }
    }
    return retention;
}

function checkImmutableWithLatest(f: Findings, field: string, immutable: boolean, latest: boolean): void {
    if (immutable && latest) {
        f.add(field, immutable, "immutable tags cannot move `latest` after the first push; set latest: false");
    }
}

function checkGcp(
    f: Findings, gcp: pulumi.Unwrap<GcpDestinationArgs>, imageName: string, derivedNames: boolean, allowPublic: boolean, latest: boolean,
): GcpSpec {
    requireString(f, "gcp.project", gcp.project) && names.checkGcpProject(f, "gcp.project", gcp.project);
    requireString(f, "gcp.location", gcp.location) && names.checkGcpLocation(f, "gcp.location", gcp.location);
    const repositoryId = gcp.repositoryId ?? imageName;
    if (gcp.repositoryId !== undefined) {
        names.checkArtifactRegistryId(f, "gcp.repositoryId", repositoryId);
    } else if (derivedNames) {
        names.checkArtifactRegistryId(f, "gcp.repositoryId (from domain-name)", repositoryId);
    }
    const readers = gcp.readers ?? [];
    const writers = gcp.writers ?? [];
    readers.forEach((m, i) => checkGcpMember(f, `gcp.readers[${i}]`, m, allowPublic));
    writers.forEach((m, i) => checkGcpWriter(f, `gcp.writers[${i}]`, m));
    const immutableTags = gcp.immutableTags ?? false;
    checkImmutableWithLatest(f, "gcp.immutableTags", immutableTags, latest);
    if (gcp.kmsKeyName !== undefined && !/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.test(gcp.kmsKeyName)) {
        f.add("gcp.kmsKeyName", gcp.kmsKeyName, "a KMS key name is projects/P/locations/L/keyRings/R/cryptoKeys/K");
    }
    const imagePath = `${gcp.location}-docker.pkg.dev/${garProjectPath(gcp.project)}/${repositoryId}/${imageName}`;
    if (derivedNames) {
        names.checkReferenceLength(f, "gcp (image name)", imagePath);
    }
    return {
        project: gcp.project,
        location: gcp.location,
        repositoryId,
        createRepository: gcp.repositoryId === undefined,
        imagePath,
        readers: dedupe(readers),
        writers: dedupe(writers),
        immutableTags,
        scanning: gcp.scanning ?? true,
        retention: retentionOf(f, "gcp.retention", gcp.retention),
        cleanupDryRun: gcp.cleanupDryRun ?? false,
        kmsKeyName: gcp.kmsKeyName,
    };
}

/** Registries that refuse a repository at their root: GHCR (owner/...) and Docker Hub (namespace/...). */
const NAMESPACED_REGISTRIES = ["ghcr.io", "docker.io", "index.docker.io", "registry-1.docker.io"];

/** ECR accepts a KMS key's ARN, its alias or its id (a UUID, or mrk- for multi-Region keys). */
const AWS_KMS_KEY = /^(arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)\/\S+|alias\/[A-Za-z0-9/_-]+|(mrk-)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** ECR's longest host: ACCOUNT.dkr.ecr.REGION.amazonaws.com.cn, with a long region name. */
const LONGEST_ECR_HOST = "123456789012.dkr.ecr.ap-southeast-12.amazonaws.com.cn";

function checkAws(
    f: Findings, aws: pulumi.Unwrap<AwsDestinationArgs>, imageName: string, derivedNames: boolean, allowPublic: boolean, latest: boolean,
): AwsSpec {
    const repositoryName = aws.repositoryName ?? imageName;
    if (aws.repositoryName !== undefined || derivedNames) {
        names.checkEcrRepositoryName(f, aws.repositoryName !== undefined ? "aws.repositoryName" : "aws.repositoryName (from domain-name)", repositoryName);
        names.checkReferenceLength(f, "aws (image name)", `${LONGEST_ECR_HOST}/${repositoryName}`);
    }
    const pullPrincipals = aws.pullPrincipals ?? [];
    const pushPrincipals = aws.pushPrincipals ?? [];
    pullPrincipals.forEach((p, i) => checkAwsPrincipal(f, `aws.pullPrincipals[${i}]`, p, allowPublic));
    pushPrincipals.forEach((p, i) => checkAwsPusher(f, `aws.pushPrincipals[${i}]`, p));
    const lambdaPull = aws.lambdaPull ?? false;
    if (lambdaPull && pullPrincipals.filter((p) => p !== "*").length === 0) {
        f.add("aws.lambdaPull", lambdaPull, "Lambda pulls are granted per account: list the accounts in aws.pullPrincipals");
    }
    const immutableTags = aws.immutableTags ?? false;
    checkImmutableWithLatest(f, "aws.immutableTags", immutableTags, latest);
    if (aws.kmsKey !== undefined && !AWS_KMS_KEY.test(aws.kmsKey)) {
        f.add("aws.kmsKey", aws.kmsKey, "a KMS key is its ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), its alias (alias/NAME) or its key id");
    }
    return {
        repositoryName,
        pullPrincipals: dedupe(pullPrincipals),
        pushPrincipals: dedupe(pushPrincipals),
        lambdaPull,
        immutableTags,
        scanOnPush: aws.scanOnPush ?? true,
        retention: retentionOf(f, "aws.retention", aws.retention),
        kmsKey: aws.kmsKey,
        forceDelete: aws.forceDelete ?? false,
    };
}

function checkOci(
    f: Findings, field: string, registry: NonNullable<ResolvedArgs["oci"]>[number], imageName: string, derivedNames: boolean,
): OciSpec {
    requireString(f, `${field}.address`, registry.address) && names.checkRegistryAddress(f, `${field}.address`, registry.address);
    if (registry.repository !== undefined && registry.namespace !== undefined) {
        f.add(`${field}.namespace`, registry.namespace, "applies to the default repository only; with repository, give the whole path there");
    }
    const repository = registry.repository ?? (registry.namespace !== undefined ? `${registry.namespace}/${imageName}` : imageName);
    if (NAMESPACED_REGISTRIES.includes(registry.address) && !repository.includes("/")) {
        f.add(`${field}.repository`, repository, `${registry.address} keeps images under an owner or organisation; set namespace (the owner) or repository (OWNER/NAME)`);
    }
    if (registry.repository !== undefined || derivedNames) {
        names.checkOciRepository(f, `${field}.repository`, repository);
        names.checkReferenceLength(f, `${field} (image name)`, `${registry.address}/${repository}`);
    }
    const password: unknown = registry.password;
    if (password !== undefined && typeof password !== "string" && !pulumi.Output.isInstance(password) && !(password instanceof Promise)) {
        f.add(`${field}.password`, password, "must be a string (give it as a secret)");
    } else if (password === "") {
        f.add(`${field}.password`, password, "must not be empty");
    }
    if ((registry.username === undefined) !== (registry.password === undefined)) {
        f.add(registry.username === undefined ? `${field}.username` : `${field}.password`, undefined,
            "username and password go together: give both or neither");
    }
    return { address: registry.address, repository, username: registry.username, password: registry.password };
}

function checkLocalExport(f: Findings, local: pulumi.Unwrap<LocalExportArgs>): { path: string } {
    if (requireString(f, "localExport.path", local.path) && isDirectory(local.path)) {
        f.add("localExport.path", local.path, "is a directory; give the path of the archive file to write, e.g. out/app.oci.tar");
    }
    return { path: local.path };
}

function isDirectory(file: string): boolean {
    try {
        return fs.statSync(file).isDirectory();
    } catch {
        return false;
    }
}

/** Fields whose values end up in the image, where anyone who can pull it can read them. */
const BAKED_INTO_IMAGE = ["version", "commit", "main", "entrypoint", "cmd", "env", "buildArgs", "sourceUrl"];

function checkSecretsStayOut(f: Findings, secretFields: readonly string[]): void {
    for (const field of secretFields) {
        if (BAKED_INTO_IMAGE.includes(field.split(/[.[]/)[0])) {
            f.add(field, REDACTED, "is a secret, and it would be written into the image (ENV, build args and labels can be read by anyone who can pull it); give it to the app at run time");
        }
    }
}

/** Tags the component writes itself: a version or commit equal to one would overwrite it. */
function checkReservedTag(f: Findings, field: string, value: string): void {
    if (value === "latest") {
        f.add(field, value, "is the tag the `latest` setting controls; give a real version (and latest: true if wanted)");
    } else if (value === CACHE_TAG) {
        f.add(field, value, `is the tag of the build cache; a release under it would be overwritten by the next build's cache`);
    }
}

/** The source URL goes into the image's labels: a URL, with no credentials in it. */
function checkSourceUrl(f: Findings, field: string, value: string): void {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        f.add(field, value, "must be an absolute URL such as https://github.com/acme/app");
        return;
    }
    if (url.username !== "" || url.password !== "") {
        f.add(field, value, "must not carry credentials (user:password@ or token@); it is written into the image's labels");
    }
}

/** A domain-scoped project (example.com:my-project) is written example.com/my-project in image paths. */
export function garProjectPath(project: string): string {
    return project.replace(":", "/");
}

/** The companion mutable repository that holds an app's build cache under immutable tags. */
export function gcpCacheRepositoryId(imageName: string): string {
    return `${imageName}-cache`;
}

function dedupe(values: readonly string[]): string[] {
    return [...new Set(values)];
}

function stripUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
