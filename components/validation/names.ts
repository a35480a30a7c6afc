import { Findings } from "./problem";

/**
 * Naming rules of the registries and of OCI, as pure checks. Each returns
 * nothing and records a problem naming the field when the value breaks it.
 */

const APP_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const APP_NAME_RULE =
    "must be lowercase letters and digits separated by single dashes, start with a letter, and be at most 40 characters";

export function checkAppName(f: Findings, field: string, value: string): void {
    if (!APP_NAME.test(value) || value.length > 40) {
        f.add(field, value, APP_NAME_RULE);
    }
}

const ARTIFACT_REGISTRY_ID = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
export function checkArtifactRegistryId(f: Findings, field: string, value: string): void {
    if (!ARTIFACT_REGISTRY_ID.test(value) || value.length > 63) {
        f.add(field, value,
            "an Artifact Registry repository id must start with a lowercase letter, contain only lowercase letters, digits and hyphens (no underscores), not end with a hyphen, and be at most 63 characters");
    }
}

/** ECR's own pattern: single separators only (unlike OCI's, which allows __ and runs of -). */
const ECR_NAME = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
export function checkEcrRepositoryName(f: Findings, field: string, value: string): void {
    if (!ECR_NAME.test(value) || value.length < 2 || value.length > 256) {
        f.add(field, value,
            "an ECR repository name must be 2 to 256 characters of lowercase letters and digits, separated by single '.', '_', '-' or by '/'");
    }
}

/** The OCI distribution spec's repository path grammar. */
const OCI_REPOSITORY = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
export function checkOciRepository(f: Findings, field: string, value: string): void {
    if (!OCI_REPOSITORY.test(value)) {
        f.add(field, value,
            "a repository path must be lowercase letters and digits, separated by '.', '_', '__', '-' or '/' (OCI distribution spec)");
    }
}

const REGISTRY_HOST = /^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+|\[[0-9a-f:]+\])(:[0-9]{1,5})?$/i;
const LOCALHOST_WITH_PORT = /^localhost(:[0-9]{1,5})?$/;
export function checkRegistryAddress(f: Findings, field: string, value: string): void {
    if (!(REGISTRY_HOST.test(value) || LOCALHOST_WITH_PORT.test(value)) || value.includes("/")) {
        f.add(field, value, "a registry address is a host name with a dot or an IP address, optionally with :port, and no scheme or path");
    }
}

const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
export function checkTag(f: Findings, field: string, value: string): void {
    if (!OCI_TAG.test(value)) {
        const hint = value.includes("+") ? " (semver build metadata '+...' is not allowed in a tag)" : "";
        f.add(field, value,
            `an OCI tag is 1 to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'${hint}`);
    }
}

const GIT_SHA = /^[0-9a-f]{7,64}$/;
export function checkCommit(f: Findings, field: string, value: string): void {
    if (!GIT_SHA.test(value)) {
        f.add(field, value, "a commit is a lowercase hexadecimal git SHA of 7 to 64 characters");
    }
}

/** Many clients cap host + '/' + repository path at 255 characters. */
export const MAX_REFERENCE_NAME = 255;
export function checkReferenceLength(f: Findings, field: string, name: string): void {
    if (name.length > MAX_REFERENCE_NAME) {
        f.add(field, name, `the image name (registry host and repository path) is ${name.length} characters; clients accept at most ${MAX_REFERENCE_NAME}`);
    }
}

const GCP_PROJECT = /^([a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
export function checkGcpProject(f: Findings, field: string, value: string): void {
    if (!GCP_PROJECT.test(value)) {
        f.add(field, value, "a Google Cloud project id is 6 to 30 lowercase letters, digits and hyphens, starting with a letter");
    }
}

const GCP_LOCATION = /^(us|europe|asia|[a-z]+-[a-z]+[0-9]+)$/;
export function checkGcpLocation(f: Findings, field: string, value: string): void {
    if (!GCP_LOCATION.test(value)) {
        f.add(field, value, "an Artifact Registry location is a region such as europe-west1, or one of the multi-regions us, europe, asia");
    }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export function checkVariableName(f: Findings, field: string, value: string): void {
    if (!ENV_NAME.test(value)) {
        f.add(field, value, "a variable name is letters, digits and '_', not starting with a digit");
    }
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
export function checkDigest(f: Findings, field: string, value: string): void {
    if (!DIGEST.test(value)) {
        f.add(field, value, "a digest is 'sha256:' followed by 64 lowercase hexadecimal characters");
    }
}

const REFERENCE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[0-9a-f]{64})?$/;
export function checkImageReference(f: Findings, field: string, value: string): void {
    if (!REFERENCE.test(value)) {
        f.add(field, value, "an image reference is host/path[:tag][@sha256:digest] in lowercase");
    }
}

const MIRROR_PREFIX = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9._-]*)*$/;
export function checkMirrorPrefix(f: Findings, field: string, value: string): void {
    if (!MIRROR_PREFIX.test(value)) {
        f.add(field, value, "a mirror is an image reference prefix such as registry.example.com/distroless/, in lowercase, with no scheme");
    }
}
