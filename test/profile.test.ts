import * as assert from "assert";
import { PROFILES, resourceOptionsFor } from "../components/profile";
import { appArgs } from "../program/apps";
import { StackConfig } from "../program/config";

const config: StackConfig = {
    apps: [{ name: "api", domain: "shop", language: "go", context: "src", version: "1.0.0" }],
    gcp: { project: "acme-images", location: "europe-west1", readers: ["allUsers"] },
    aws: { pullPrincipals: ["210987654321"] },
    allowPublicPull: true,
};
const secret = (s: string) => `secret(${s})`;

describe("environment profiles", () => {
    it("only staging and prod protect their repositories", () => {
        assert.deepStrictEqual(resourceOptionsFor(PROFILES.local), { protectRepositories: false, forceDelete: true });
        assert.deepStrictEqual(resourceOptionsFor(PROFILES.dev), { protectRepositories: false, forceDelete: true });
        assert.deepStrictEqual(resourceOptionsFor(PROFILES.staging), { protectRepositories: true, forceDelete: false });
        assert.deepStrictEqual(resourceOptionsFor(PROFILES.prod), { protectRepositories: true, forceDelete: false });
    });

    it("a protected repository is never force-deleted, whatever the table says", () => {
        assert.strictEqual(resourceOptionsFor({ ...PROFILES.prod, forceDelete: true }).forceDelete, false);
    });

    it("local keeps only the OCI tarball export", () => {
        const args = appArgs(config.apps[0], { ...config, gcp: undefined, aws: undefined }, "local", "/p", secret);
        assert.strictEqual(args.gcp, undefined);
        assert.strictEqual(args.aws, undefined);
        assert.deepStrictEqual(args.localExport, { path: "/p/out/shop-api.oci.tar" });
    });

    it("dev has mutable tags, latest, forceDelete and short retention", () => {
        const args = appArgs(config.apps[0], config, "dev", "/p", secret);
        assert.strictEqual(args.latest, true);
        assert.deepStrictEqual(args.aws, { pullPrincipals: ["210987654321"], immutableTags: false, scanOnPush: true, forceDelete: true, retention: { untaggedDays: 3, keepTagged: 10 } });
        assert.strictEqual((args.gcp as { immutableTags: boolean }).immutableTags, false);
    });

    it("staging and prod have immutable tags, no latest, scanning and no forceDelete", () => {
        for (const env of ["staging", "prod"] as const) {
            const args = appArgs(config.apps[0], { ...config, allowPublicPull: false }, env, "/p", secret);
            assert.strictEqual(args.latest, false, env);
            assert.strictEqual(args.protectRepositories, true, env);
            const aws = args.aws as { immutableTags: boolean; forceDelete: boolean; scanOnPush: boolean };
            assert.deepStrictEqual([aws.immutableTags, aws.forceDelete, aws.scanOnPush], [true, false, true], env);
            const gcp = args.gcp as { immutableTags: boolean; scanning: boolean };
            assert.deepStrictEqual([gcp.immutableTags, gcp.scanning], [true, true], env);
        }
    });

    it("prod never passes allowPublicPull on to the component", () => {
        assert.strictEqual(appArgs(config.apps[0], config, "prod", "/p", secret).allowPublicPull, false);
        assert.strictEqual(appArgs(config.apps[0], config, "dev", "/p", secret).allowPublicPull, true);
    });

    it("registry passwords from the stack file are wrapped as secrets", () => {
        const args = appArgs(config.apps[0], { ...config, oci: [{ address: "ghcr.io", username: "u", password: "p" }] }, "dev", "/p", secret);
        assert.deepStrictEqual(args.oci, [{ address: "ghcr.io", username: "u", password: "secret(p)" }]);
    });
});
