import * as pulumi from "@pulumi/pulumi";
import { CACHE_TAG, OciSpec } from "../spec";
import { Destination } from "./destination";

/**
 * A generic OCI registry (GHCR, a self-hosted or loopback registry): nothing
 * to declare, the repository appears on first push. Credentials are optional
 * and the password is kept secret.
 */
export function ociDestination(spec: OciSpec): Destination {
    // Known up front and tied to no declared resource: plain strings, no Outputs.
    const imageName = `${spec.address}/${spec.repository}`;
    return {
        key: `oci:${imageName}`,
        imageName,
        login: spec.username !== undefined && spec.password !== undefined
            ? { address: spec.address, username: spec.username, password: pulumi.secret(spec.password) }
            : undefined,
        cache: { ref: `${imageName}:${CACHE_TAG}`, imageManifest: false },
    };
}
