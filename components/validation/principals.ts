import { Findings } from "./problem";

/** IAM members that make an Artifact Registry repository public. */
export const PUBLIC_GCP_MEMBERS: readonly string[] = ["allUsers", "allAuthenticatedUsers", "principalSet://goog/public:all"];
/** The AWS principal that makes an ECR repository public. */
export const PUBLIC_AWS_PRINCIPAL = "*";

const GCP_MEMBER = /^((user|group|serviceAccount):[^@\s]+@[^@\s]+\.[^@\s]+|domain:[a-z0-9.-]+\.[a-z]{2,}|principal(Set)?:\/\/\S+)$/;

export function checkGcpMember(f: Findings, field: string, member: string, allowPublic: boolean): void {
    if (PUBLIC_GCP_MEMBERS.includes(member)) {
        if (!allowPublic) {
            f.add(field, member, `${member} makes the repository public; set allowPublicPull: true to allow it`);
        }
        return;
    }
    if (!GCP_MEMBER.test(member)) {
        f.add(field, member,
            "an IAM member is user:EMAIL, group:EMAIL, serviceAccount:EMAIL, domain:DOMAIN, principal://... or principalSet://...");
    }
}

export function checkGcpWriter(f: Findings, field: string, member: string): void {
    if (PUBLIC_GCP_MEMBERS.includes(member)) {
        f.add(field, member, "write access can never be public");
        return;
    }
    checkGcpMember(f, field, member, false);
}

const ACCOUNT_ID = /^[0-9]{12}$/;
const IAM_ARN = /^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|(role|user)(\/[\w+=,.@-]+)+)$/;

export function checkAwsPrincipal(f: Findings, field: string, principal: string, allowPublic: boolean): void {
    if (principal === PUBLIC_AWS_PRINCIPAL) {
        if (!allowPublic) {
            f.add(field, principal, "'*' makes the repository public; set allowPublicPull: true to allow it");
        }
        return;
    }
    if (!ACCOUNT_ID.test(principal) && !IAM_ARN.test(principal)) {
        f.add(field, principal,
            "an AWS principal is a 12-digit account ID or an IAM ARN such as arn:aws:iam::123456789012:root or arn:aws:iam::123456789012:role/NAME");
    }
}

export function checkAwsPusher(f: Findings, field: string, principal: string): void {
    if (principal === PUBLIC_AWS_PRINCIPAL) {
        f.add(field, principal, "push access can never be public");
        return;
    }
    checkAwsPrincipal(f, field, principal, false);
}

/** An account ID becomes the account's root ARN, which ECR policies accept. */
export function awsPrincipalArn(principal: string): string {
    return ACCOUNT_ID.test(principal) ? `arn:aws:iam::${principal}:root` : principal;
}

/** The partition an ARN names (aws, aws-cn, aws-us-gov); undefined for a bare account id. */
export function awsPartitionOf(principal: string): string | undefined {
    return /^arn:(aws[a-z-]*):/.exec(principal)?.[1];
}

/** The account a principal belongs to, for Lambda's source-account condition. */
export function awsAccountOf(principal: string): string | undefined {
    if (ACCOUNT_ID.test(principal)) {
        return principal;
    }
    const match = /^arn:aws[^:]*:iam::([0-9]{12}):/.exec(principal);
    return match ? match[1] : undefined;
}
