import * as gcp from "@pulumi/gcp";
import { Retention } from "../spec";

type CleanupPolicy = gcp.types.input.artifactregistry.RepositoryCleanupPolicy;

const SECONDS_PER_DAY = 86400;

/**
 * Artifact Registry cleanup: untagged versions go after the retention
 * period, and the most recent tagged versions are always kept (KEEP
 * policies win over DELETE ones).
 */
export function cleanupPolicies(retention: Retention): CleanupPolicy[] {
    return [
        ...cacheCleanupPolicies(retention),
        {
            id: "keep-recent",
            action: "KEEP",
            mostRecentVersions: { keepCount: retention.keepTagged },
        },
    ];
}

/**
 * The build cache repository's cleanup: only untagged versions (the caches
 * earlier builds left behind) go; the cache tag itself is never expired.
 */
export function cacheCleanupPolicies(retention: Retention): CleanupPolicy[] {
    return [{
        id: "delete-untagged",
        action: "DELETE",
        condition: { tagState: "UNTAGGED", olderThan: `${retention.untaggedDays * SECONDS_PER_DAY}s` },
    }];
}
