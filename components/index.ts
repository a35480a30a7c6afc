/**
 * pulumi-distroless: declare application images on distroless bases as code.
 * Importing this module never runs a Pulumi program.
 */
export { DistrolessApp, DISTROLESS_APP_TYPE } from "./distroless-app";
export type {
    AwsDestinationArgs, BaseArgs, DistrolessAppArgs, GcpDestinationArgs, LocalExportArgs, OciRegistryArgs, RetentionArgs,
} from "./args";
export { DEBIAN_RELEASES, DEFAULT_PLATFORMS, PLATFORMS, REMOVED, VARIANTS } from "./base/catalogue";
export { LANGUAGE_NAMES as LANGUAGES } from "./build/languages";
export type { LanguageTemplate, TemplateInput } from "./build/template";
export { ENVIRONMENTS, PROFILES, resourceOptionsFor } from "./profile";
export type { Environment, Profile } from "./profile";
export { ValidationError } from "./validation/problem";
export type { Problem } from "./validation/problem";
export { resolveAppSpec } from "./spec";
export type { AppSpec } from "./spec";
