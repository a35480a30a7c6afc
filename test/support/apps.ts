import { DistrolessAppArgs } from "../../components/args";

/** A valid app with every destination, for tests to break one field at a time. */
export function fullArgs(overrides: Partial<DistrolessAppArgs> = {}): DistrolessAppArgs {
    return {
        domain: "payments",
        language: "python",
        context: "demo/hello_python",
        version: "1.2.3",
        commit: "0123abc",
        latest: false,
        gcp: {
            project: "acme-images",
            location: "europe-west1",
            readers: ["serviceAccount:run@acme-apps.iam.gserviceaccount.com"],
            writers: ["group:ci@acme.example"],
            immutableTags: true,
        },
        aws: {
            pullPrincipals: ["210987654321"],
            pushPrincipals: ["arn:aws:iam::123456789012:role/ci"],
            immutableTags: true,
        },
        oci: [{ address: "ghcr.io", repository: "acme/payments-api", username: "bot", password: "ghcr-password" }],
        ...overrides,
    };
}

export function localArgs(overrides: Partial<DistrolessAppArgs> = {}): DistrolessAppArgs {
    return {
        domain: "payments",
        language: "go",
        context: "demo/hello_go",
        version: "1.2.3",
        localExport: { path: "/tmp/out.tar" },
        ...overrides,
    };
}
