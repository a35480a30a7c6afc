import { DISTROLESS_APP_TYPE } from "../../components/distroless-app";
import { PROFILES } from "../../components/profile";
import { StackSettings } from "../plan/project";
import { BENCH_STACK, configValue } from "./workload";

/**
 * What each app needs, counted from the destinations configured, written
 * independently of the component's code so that anything it declares beyond
 * these shows up as a difference.
 */

export const TYPES = {
    app: DISTROLESS_APP_TYPE,
    image: "docker-build:index:Image",
    garRepository: "gcp:artifactregistry/repository:Repository",
    garMember: "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
    ecrRepository: "aws:ecr/repository:Repository",
    ecrPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
    ecrLifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
} as const;

export const TOKENS = {
    ecrToken: "aws:ecr/getAuthorizationToken:getAuthorizationToken",
    gcpClient: "gcp:organizations/getClientConfig:getClientConfig",
} as const;

export interface PerApp {
    readonly resources: Record<string, number>;
    readonly invokes: Record<string, number>;
}

interface GcpConfig { repositoryId?: string; readers?: string[]; writers?: string[] }
interface AwsConfig { pullPrincipals?: string[]; pushPrincipals?: string[]; lambdaPull?: boolean }

export function expectedPerApp(settings: StackSettings): PerApp {
    const resources: Record<string, number> = {};
    const invokes: Record<string, number> = {};
    const add = (bag: Record<string, number>, key: string, n = 1) => {
        if (n > 0) {
            bag[key] = (bag[key] ?? 0) + n;
        }
    };
    const profile = PROFILES[BENCH_STACK];
    add(resources, TYPES.app);
    // One multi-platform build, whatever the number of destinations.
    add(resources, TYPES.image);

    const gcp = configValue<GcpConfig>(settings, "gcp");
    if (gcp) {
        // A repository per app unless the stack names an existing one.
        add(resources, TYPES.garRepository, gcp.repositoryId === undefined ? 1 : 0);
        // Immutable tags would freeze the cache tag, so the cache gets a mutable repository of its own.
        add(resources, TYPES.garRepository, profile.immutableTags ? 1 : 0);
        add(resources, TYPES.garMember, new Set(gcp.readers ?? []).size + new Set(gcp.writers ?? []).size);
        add(invokes, TOKENS.gcpClient);
    }
    const aws = configValue<AwsConfig>(settings, "aws");
    if (aws) {
        add(resources, TYPES.ecrRepository);
        const granted = (aws.pullPrincipals ?? []).length + (aws.pushPrincipals ?? []).length > 0 || aws.lambdaPull === true;
        add(resources, TYPES.ecrPolicy, granted ? 1 : 0);
        add(resources, TYPES.ecrLifecycle);
        add(invokes, TOKENS.ecrToken);
    }
    // A generic OCI registry needs no declaration: the repository appears on first push.
    return { resources, invokes };
}
