import * as aws from "@pulumi/aws";
import { awsAccountOf, awsPartitionOf, awsPrincipalArn } from "../validation/principals";
import { AwsSpec, CACHE_TAG } from "../spec";

/** What a puller needs on the repository (GetAuthorizationToken is account-level and goes elsewhere). */
export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
export const ECR_PUSH_ACTIONS = [
    ...ECR_PULL_ACTIONS,
    "ecr:CompleteLayerUpload",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
];

type Statement = aws.types.input.iam.PolicyStatement;

/** One repository policy with a pull statement, a push statement and Lambda's, as needed; undefined when nobody is granted. */
export function repositoryPolicy(spec: AwsSpec): aws.types.input.ecr.PolicyDocument | undefined {
    const statements: Statement[] = [];
    if (spec.pullPrincipals.length > 0) {
        statements.push({
            Sid: "Pull",
            Effect: "Allow",
            Principal: { AWS: spec.pullPrincipals.map((p) => p === "*" ? "*" : awsPrincipalArn(p)) },
            Action: ECR_PULL_ACTIONS,
        });
    }
    if (spec.pushPrincipals.length > 0) {
        statements.push({
            Sid: "Push",
            Effect: "Allow",
            Principal: { AWS: spec.pushPrincipals.map(awsPrincipalArn) },
            Action: ECR_PUSH_ACTIONS,
        });
    }
    if (spec.lambdaPull) {
        const accounts = [...new Set(spec.pullPrincipals.map(awsAccountOf).filter((a): a is string => a !== undefined))];
        // Lambda's ARNs are in the principals' partition (aws-cn in China); a bare account id says none, so aws.
        const partition = [...spec.pullPrincipals, ...spec.pushPrincipals].map(awsPartitionOf).find((p) => p !== undefined) ?? "aws";
        statements.push({
            Sid: "LambdaPull",
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Condition: {
                StringLike: { "aws:sourceArn": accounts.map((a) => `arn:${partition}:lambda:*:${a}:function:*`) },
            },
        });
    }
    return statements.length > 0 ? { Version: "2012-10-17", Statement: statements } : undefined;
}

/**
 * Lifecycle rules, ascending priority. The first rule matches the build
 * cache tag, so no later rule can expire the cache. An `any` rule must come
 * last; it counts an index and its per-platform manifests as separate
 * images, so the count keeps `keepTagged` releases of `platformCount` platforms.
 */
export function lifecyclePolicy(spec: AwsSpec, platformCount: number): aws.ecr.LifecyclePolicyDocument {
    return {
        rules: [
            {
                rulePriority: 1,
                description: "Keep the build cache",
                selection: { tagStatus: "tagged", tagPrefixList: [CACHE_TAG], countType: "imageCountMoreThan", countNumber: 1 },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Expire untagged images after ${spec.retention.untaggedDays} days`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: spec.retention.untaggedDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 3,
                description: `Keep the last ${spec.retention.keepTagged} releases`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: spec.retention.keepTagged * (platformCount + 1) },
                action: { type: "expire" },
            },
        ],
    };
}

/** Tag mutability, keeping the build cache tag movable under immutable tags. */
export function tagMutability(spec: AwsSpec, cacheHere: boolean): {
    imageTagMutability: string;
    imageTagMutabilityExclusionFilters?: aws.types.input.ecr.RepositoryImageTagMutabilityExclusionFilter[];
} {
    if (!spec.immutableTags) {
        return { imageTagMutability: "MUTABLE" };
    }
    if (!cacheHere) {
        return { imageTagMutability: "IMMUTABLE" };
    }
    return {
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: [{ filter: CACHE_TAG, filterType: "WILDCARD" }],
    };
}
