/**
 * What each environment changes, in one table. The program applies the
 * profile of the stack's environment on top of the stack file; the README
 * mirrors this table.
 */

export const ENVIRONMENTS = ["local", "dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface Profile {
    /** Only the local OCI tarball export; no cloud resource at all. */
    readonly localOnly: boolean;
    readonly immutableTags: boolean;
    readonly latest: boolean;
    readonly forceDelete: boolean;
    readonly scanning: boolean;
    readonly untaggedDays: number;
    readonly keepTagged: number;
    /** Repositories refuse `pulumi destroy` and survive the stack's removal. */
    readonly protectRepositories: boolean;
    /** Whether the stack file may open pulls to the public at all. */
    readonly publicPullPermitted: boolean;
}

export const PROFILES: Readonly<Record<Environment, Profile>> = {
    //        localOnly immutableTags latest forceDelete scanning untaggedDays keepTagged protectRepositories publicPullPermitted
    local:   { localOnly: true,  immutableTags: false, latest: true,  forceDelete: true,  scanning: false, untaggedDays: 1,  keepTagged: 5,   protectRepositories: false, publicPullPermitted: true },
    dev:     { localOnly: false, immutableTags: false, latest: true,  forceDelete: true,  scanning: true,  untaggedDays: 3,  keepTagged: 10,  protectRepositories: false, publicPullPermitted: true },
    staging: { localOnly: false, immutableTags: true,  latest: false, forceDelete: false, scanning: true,  untaggedDays: 14, keepTagged: 30,  protectRepositories: true,  publicPullPermitted: true },
    prod:    { localOnly: false, immutableTags: true,  latest: false, forceDelete: false, scanning: true,  untaggedDays: 30, keepTagged: 100, protectRepositories: true,  publicPullPermitted: false },
};

/** Resource options that follow from the profile, as the component's args carry them. */
export interface ProfileResourceOptions {
    readonly protectRepositories: boolean;
    readonly forceDelete: boolean;
}

export function resourceOptionsFor(profile: Profile): ProfileResourceOptions {
    return {
        protectRepositories: profile.protectRepositories,
        // A protected repository must never be force-deleted with its images.
        forceDelete: profile.forceDelete && !profile.protectRepositories,
    };
}
