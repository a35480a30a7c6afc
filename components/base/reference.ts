/**
 * Image references: the distroless name for a base, and the two rewrites
 * every reference the component emits goes through: a digest pin looked up
 * by the canonical (unmirrored) reference, then the longest matching mirror.
 */

export const DISTROLESS_REGISTRY = "gcr.io/distroless";

export interface BaseChoice {
    readonly variant: string;
    readonly debian: number;
    readonly nonroot: boolean;
    readonly debug: boolean;
}

/** The tag distroless publishes for a user/debug combination. */
export function distrolessTag(choice: Pick<BaseChoice, "nonroot" | "debug">): string {
    if (choice.debug) {
        return choice.nonroot ? "debug-nonroot" : "debug";
    }
    return choice.nonroot ? "nonroot" : "latest";
}

export function distrolessReference(choice: BaseChoice): string {
    return `${DISTROLESS_REGISTRY}/${choice.variant}-debian${choice.debian}:${distrolessTag(choice)}`;
}

/** Splits `name[:tag][@digest]`; a colon inside the host's port is not a tag. */
export function parseReference(reference: string): { name: string; tag?: string; digest?: string } {
    const [withoutDigest, digest] = reference.split("@", 2) as [string, string | undefined];
    const lastSlash = withoutDigest.lastIndexOf("/");
    const lastColon = withoutDigest.lastIndexOf(":");
    if (lastColon > lastSlash) {
        return { name: withoutDigest.slice(0, lastColon), tag: withoutDigest.slice(lastColon + 1), digest };
    }
    return { name: withoutDigest, digest };
}

export function applyMirrors(reference: string, mirrors: Readonly<Record<string, string>>): string {
    let best = "";
    for (const prefix of Object.keys(mirrors)) {
        if (reference.startsWith(prefix) && prefix.length > best.length) {
            best = prefix;
        }
    }
    return best ? mirrors[best] + reference.slice(best.length) : reference;
}

export interface ResolvedImage {
    /** The reference as the catalogue or a template names it. */
    readonly canonical: string;
    /** What the Dockerfile uses: pinned and mirrored. */
    readonly reference: string;
    readonly digest?: string;
}

export function resolveImage(
    canonical: string,
    pins: Readonly<Record<string, string>>,
    mirrors: Readonly<Record<string, string>>,
): ResolvedImage {
    const parsed = parseReference(canonical);
    const digest = parsed.digest ?? pins[canonical];
    const pinned = digest && !parsed.digest ? `${canonical}@${digest}` : canonical;
    return { canonical, reference: applyMirrors(pinned, mirrors), digest: digest || undefined };
}
