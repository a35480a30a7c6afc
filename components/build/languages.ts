import { LanguageTemplate } from "./template";
import { go } from "./templates/go";
import { python } from "./templates/python";

/** Every language the component can build, by the name apps use in `language`. */
export const LANGUAGES: Readonly<Record<string, LanguageTemplate>> = {
    [python.language]: python,
    [go.language]: go,
};

export const LANGUAGE_NAMES: readonly string[] = Object.keys(LANGUAGES).sort();

export function languageTemplate(language: string): LanguageTemplate | undefined {
    return Object.prototype.hasOwnProperty.call(LANGUAGES, language) ? LANGUAGES[language] : undefined;
}
