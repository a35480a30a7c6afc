import { LanguageTemplate, TemplateInput } from "../template";
import { dockerfile, renderEnv, renderRuntime } from "./dockerfile";

/**
 * Go: one static binary (CGO_ENABLED=0) cross-compiled on the build
 * platform, so arm64 images build at native speed, then copied onto the
 * base. A static binary needs no C library, so any variant runs it.
 */

/** Static binaries do not care about the builder's Debian release: one builder serves both. */
export const GO_BUILDER = "docker.io/library/golang:1.24-trixie";

/** Where the binary lands in the image. */
export const GO_BINARY = "/app";

function render(input: TemplateInput): string {
    const builder = input.resolveImage(GO_BUILDER);
    const mainPackage = input.main === "." || input.main.startsWith("./") ? input.main : `./${input.main}`;
    const build = [
        "# Builder: runs on the build platform and cross-compiles for the target.",
        `FROM --platform=$BUILDPLATFORM ${builder} AS go-builder`,
        "ARG TARGETOS",
        "ARG TARGETARCH",
        "# Stamped into main.version; the linker ignores it if the app has no such variable.",
        "ARG VERSION=dev",
        // GOTOOLCHAIN=local: never download a toolchain named by go.mod.
        "ENV CGO_ENABLED=0 GOTOOLCHAIN=local",
        "WORKDIR /src",
        "# Modules first, in their own layer: a code change does not download them again.",
        // The bracket glob matches nothing for apps without go.sum (no dependencies).
        "COPY go.mod go.su[m] ./",
        "RUN go mod download",
        "COPY . .",
        // The compiler's cache survives between builds on one builder, so a code
        // change recompiles only the packages it touches. Modules stay in the layer
        // above, so a builder with an empty cache never needs the network here.
        `RUN --mount=type=cache,target=/root/.cache/go-build GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o /out/app ${mainPackage}`,
    ];
    const runtime = [
        `FROM ${input.baseImage}`,
        `COPY --from=go-builder /out/app ${GO_BINARY}`,
        ...renderEnv(input.env),
        ...renderRuntime({
            nonroot: input.base.nonroot,
            entrypoint: input.entrypoint ?? [GO_BINARY],
            cmd: input.cmd,
        }),
    ];
    return dockerfile([build, runtime]);
}

export const go: LanguageTemplate = {
    language: "go",
    defaultVariant: "static",
    defaultMain: () => ".",
    supports: () => true,
    requirement: "go builds a static binary, which runs on every variant",
    builderImages: () => [GO_BUILDER],
    render,
};
