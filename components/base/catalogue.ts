/**
 * What the distroless project publishes: variants per Debian release, the
 * platforms each variant is built for, and the images it has retired.
 * Source: GoogleContainerTools/distroless (README and its Bazel image lists).
 */

export const DEBIAN_RELEASES = [12, 13] as const;
export type DebianRelease = (typeof DEBIAN_RELEASES)[number];

/** The Debian release new apps get unless they ask for another. */
export const DEFAULT_DEBIAN: DebianRelease = 13;

/** Architectures named as Docker platforms. */
export const PLATFORMS = [
    "linux/amd64",
    "linux/arm64",
    "linux/arm",
    "linux/s390x",
    "linux/ppc64le",
    "linux/riscv64",
] as const;

export const DEFAULT_PLATFORMS: readonly string[] = ["linux/amd64", "linux/arm64"];

const ALL_CORE_PLATFORMS = [...PLATFORMS];
const CORE_DEBIAN12_PLATFORMS = ["linux/amd64", "linux/arm64", "linux/arm", "linux/s390x", "linux/ppc64le"];

/** The contents of each variant, cumulative: later ones include earlier ones. */
export interface VariantFacts {
    /** A C library is present, so dynamically linked programs can run. */
    readonly glibc: boolean;
    /** libssl is present. */
    readonly openssl: boolean;
    /** libstdc++ and libgcc are present. */
    readonly cxx: boolean;
    /** zlib is present (Debian 13's base adds it; Debian 12's base lacks it). */
    readonly zlib: boolean;
    /** The variant ships a Python interpreter at /usr/bin/python3. */
    readonly python: boolean;
    readonly platforms: readonly string[];
}

type Catalogue = Readonly<Record<DebianRelease, Readonly<Record<string, VariantFacts>>>>;

function facts(partial: Partial<VariantFacts> & Pick<VariantFacts, "platforms">): VariantFacts {
    return { glibc: false, openssl: false, cxx: false, zlib: false, python: false, ...partial };
}

export const CATALOGUE: Catalogue = {
    12: {
        "static": facts({ platforms: CORE_DEBIAN12_PLATFORMS }),
        "base-nossl": facts({ glibc: true, platforms: CORE_DEBIAN12_PLATFORMS }),
        "base": facts({ glibc: true, openssl: true, platforms: CORE_DEBIAN12_PLATFORMS }),
        "cc": facts({ glibc: true, openssl: true, cxx: true, platforms: CORE_DEBIAN12_PLATFORMS }),
    },
    13: {
        "static": facts({ platforms: ALL_CORE_PLATFORMS }),
        "base-nossl": facts({ glibc: true, platforms: ALL_CORE_PLATFORMS }),
        "base": facts({ glibc: true, openssl: true, zlib: true, platforms: ALL_CORE_PLATFORMS }),
        "cc": facts({ glibc: true, openssl: true, zlib: true, cxx: true, platforms: ALL_CORE_PLATFORMS }),
        "python3": facts({
            glibc: true, openssl: true, zlib: true, cxx: true, python: true,
            platforms: ["linux/amd64", "linux/arm64", "linux/riscv64"],
        }),
        "java-base": facts({ glibc: true, openssl: true, zlib: true, cxx: true, platforms: ["linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le"] }),
        "java17": facts({ glibc: true, openssl: true, zlib: true, cxx: true, platforms: ["linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le"] }),
        "java21": facts({ glibc: true, openssl: true, zlib: true, cxx: true, platforms: ["linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le"] }),
        "java25": facts({ glibc: true, openssl: true, zlib: true, cxx: true, platforms: ["linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le"] }),
        "nodejs22": facts({ glibc: true, openssl: true, zlib: true, cxx: true, platforms: ["linux/amd64", "linux/arm64", "linux/arm", "linux/s390x", "linux/ppc64le"] }),
        "nodejs24": facts({ glibc: true, openssl: true, zlib: true, cxx: true, platforms: ["linux/amd64", "linux/arm64", "linux/arm", "linux/s390x", "linux/ppc64le"] }),
        "nodejs26": facts({ glibc: true, openssl: true, zlib: true, cxx: true, platforms: ["linux/amd64", "linux/arm64", "linux/arm", "linux/s390x", "linux/ppc64le"] }),
    },
};

/** Every variant name the catalogue knows, for messages and the args docs. */
export const VARIANTS: readonly string[] = [...new Set(Object.values(CATALOGUE).flatMap((r) => Object.keys(r)))];

/** Images the distroless project has retired, with what to use instead. */
export interface Removal {
    readonly image: string;
    readonly removed: string;
    readonly replacement: string;
}

export const REMOVED: readonly Removal[] = [
    { image: "python3-debian12", removed: "May 2026", replacement: "python3-debian13" },
    { image: "java-base-debian12", removed: "February 2026", replacement: "java-base-debian13" },
    { image: "java17-debian12", removed: "February 2026", replacement: "java17-debian13" },
    { image: "java21-debian12", removed: "February 2026", replacement: "java21-debian13" },
    { image: "nodejs20-debian12", removed: "February 2026", replacement: "nodejs22-debian13" },
    { image: "nodejs22-debian12", removed: "February 2026", replacement: "nodejs22-debian13" },
    { image: "python3-debian11", removed: "2024", replacement: "python3-debian13" },
    { image: "base-debian11", removed: "2024", replacement: "base-debian13" },
    { image: "static-debian11", removed: "2024", replacement: "static-debian13" },
    { image: "cc-debian11", removed: "2024", replacement: "cc-debian13" },
];

/** Releases whose support has ended: allowed, with a warning. */
export const END_OF_LIFE: Readonly<Partial<Record<DebianRelease, string>>> = {
    12: "September 2026",
};

export function variantFacts(variant: string, debian: number): VariantFacts | undefined {
    const release = CATALOGUE[debian as DebianRelease];
    return release && Object.prototype.hasOwnProperty.call(release, variant) ? release[variant] : undefined;
}

export function removalOf(variant: string, debian: number): Removal | undefined {
    return REMOVED.find((r) => r.image === `${variant}-debian${debian}`);
}
