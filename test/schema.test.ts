import * as assert from "assert";
import * as path from "path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";

describe("component schema", () => {
    it("Pulumi's component analyzer accepts DistrolessApp's args, so other languages can use it", () => {
        const root = path.resolve(__dirname, "..");
        const analyzer = new Analyzer(root, "distroless", { name: "pulumi-distroless", main: "components/index.js" }, new Set(["DistrolessApp"]));
        const result = analyzer.analyze() as unknown as {
            components: Record<string, { inputs: Record<string, { optional?: boolean }>; outputs: Record<string, unknown> }>;
            typeDefinitions: Record<string, unknown>;
        };
        const component = result.components.DistrolessApp;
        assert.ok(component, "DistrolessApp was found");
        for (const input of ["domain", "language", "context", "version", "base", "gcp", "aws", "oci", "localExport", "mirrors", "platforms"]) {
            assert.ok(input in component.inputs, `input ${input} is in the schema`);
        }
        assert.strictEqual(component.inputs.version.optional, undefined, "version is required");
        assert.strictEqual(component.inputs.gcp.optional, true);
        for (const output of ["imageRefs", "digest", "baseImage", "platforms", "repositoryUrls"]) {
            assert.ok(output in component.outputs, `output ${output} is in the schema`);
        }
        for (const type of ["BaseArgs", "GcpDestinationArgs", "AwsDestinationArgs", "OciRegistryArgs", "LocalExportArgs", "RetentionArgs"]) {
            assert.ok(type in result.typeDefinitions, `${type} is a schema type (got ${Object.keys(result.typeDefinitions).join(", ")})`);
        }
    });
});
