/** The plural categories some languages add to `one` and `other` (French and Spanish `many`, Polish `few`, Arabic `zero` and `two`). */
export type ExtraPluralCategory = Exclude<Intl.LDMLPluralRule, 'one' | 'other'>;

/**
 * The forms of the messages named `Base`: `Base_one` and `Base_other` always, and
 * `Base_many`, `Base_few`, … for the categories of `Intl.PluralRules` a language has.
 */
export type PluralForms<Base extends string> = { readonly [K in `${Base}_${'one' | 'other'}`]: string } & {
  readonly [K in `${Base}_${ExtraPluralCategory}`]?: string;
};

/**
 * The form of `base` that `rules` choose for `count`, or `Base_other` when that form is missing.
 * The fallback suits the `many` of French, Spanish and Portuguese, which only covers counts such as
 * 1,000,000 that no message shows; a language where an extra category matters (Polish `few`)
 * must spell it out, which the shipped locales' test checks for each of their categories.
 */
export function pluralForm<Base extends string>(forms: PluralForms<Base>, base: Base, count: number, rules: Intl.PluralRules): string {
  // The type guarantees `_other`; TypeScript cannot index a mapped type by a generic key, so read through its shape.
  const byKey: Readonly<Partial<Record<string, string>>> = forms;
  return byKey[`${base}_${rules.select(count)}`] ?? (byKey[`${base}_other`] as string);
}

/** Built once per tag: a `PluralRules` takes some 50 µs to build and a duration is written on every send. */
const rulesByTag = new Map<string, Intl.PluralRules>();

/**
 * The plural rules of `tag`, shared. Tags come from the configured locales, so the cache stays small.
 *
 * @throws {RangeError} When `tag` is not a well-formed language tag.
 */
export function pluralRules(tag: string): Intl.PluralRules {
  let rules = rulesByTag.get(tag);
  if (!rules) {
    rules = new Intl.PluralRules(tag);
    rulesByTag.set(tag, rules);
  }
  return rules;
}
