import { DebianRelease, VariantFacts } from "../base/catalogue";

/**
 * What a language template is told about one app. Everything is already
 * validated and resolved: references are mirrored and digest-pinned.
 */
export interface TemplateInput {
    /** The final stage's image: the resolved distroless base. */
    readonly baseImage: string;
    readonly base: {
        readonly variant: string;
        readonly debian: DebianRelease;
        readonly nonroot: boolean;
        readonly debug: boolean;
        readonly facts: VariantFacts;
    };
    /** Python module or Go main package. */
    readonly main: string;
    /** Exec-form entrypoint/cmd overriding the template's own. */
    readonly entrypoint?: readonly string[];
    readonly cmd?: readonly string[];
    readonly env: Readonly<Record<string, string>>;
    /** Applies the component's mirrors and pins to a builder image reference. */
    resolveImage(reference: string): string;
}

/**
 * One language: its defaults and a pure function that renders the inline
 * Dockerfile. To add a language, implement this interface in
 * `templates/<language>.ts` and list it in `languages.ts`.
 *
 * Rendered Dockerfiles stay within what Docker 20.10's embedded BuildKit
 * understands: no `# syntax=` line, no heredocs, no `COPY --link`.
 */
export interface LanguageTemplate {
    readonly language: string;
    /** The distroless variant chosen when the app names none. */
    readonly defaultVariant: string;
    /** The main an app gets when it names none, from the app's name. */
    defaultMain(appName: string): string;
    /** Variants the template knows how to run on (for validation messages). */
    supports(facts: VariantFacts): boolean;
    /** Why a variant is unsupported, in one sentence. */
    readonly requirement: string;
    /** Builder images (unresolved references) the template uses for a Debian release. */
    builderImages(debian: DebianRelease, facts: VariantFacts): readonly string[];
    /** The Dockerfile. Its final stage is `FROM <input.baseImage>`. */
    render(input: TemplateInput): string;
}
