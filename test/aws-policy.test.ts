import * as assert from "assert";
import { repositoryPolicy } from "../components/destinations/aws-policy";
import { resolveAppSpec } from "../components/spec";
import { fullArgs } from "./support/apps";

function lambdaStatement(pullPrincipals: string[]): Record<string, unknown> | undefined {
    const spec = resolveAppSpec("payments-api", fullArgs({ aws: { immutableTags: true, pullPrincipals, lambdaPull: true } }) as never);
    const policy = repositoryPolicy(spec.aws!) as unknown as { Statement: Record<string, unknown>[] };
    return policy.Statement.find((s) => s.Sid === "LambdaPull");
}

describe("the ECR repository policy", () => {
    it("lets Lambda pull only for functions of the pulling accounts", () => {
        const statement = lambdaStatement(["210987654321", "arn:aws:iam::123456789012:role/app"]);
        assert.deepStrictEqual(statement?.Principal, { Service: "lambda.amazonaws.com" });
        assert.deepStrictEqual(statement?.Action, ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);
        assert.deepStrictEqual(statement?.Condition, {
            StringLike: { "aws:sourceArn": ["arn:aws:lambda:*:210987654321:function:*", "arn:aws:lambda:*:123456789012:function:*"] },
        });
    });

    it("names Lambda functions in the principals' partition, such as aws-cn in China", () => {
        const statement = lambdaStatement(["arn:aws-cn:iam::123456789012:role/app"]);
        assert.deepStrictEqual(statement?.Condition, {
            StringLike: { "aws:sourceArn": ["arn:aws-cn:lambda:*:123456789012:function:*"] },
        });
    });
});
