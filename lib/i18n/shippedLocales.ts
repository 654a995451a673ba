import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import type { Locale } from './Locale';
import { pt } from './pt';

/** The locales the package ships, by tag. */
export const SHIPPED_LOCALES: Readonly<Record<string, Locale>> = Object.freeze({ en, es, fr, de, pt });
