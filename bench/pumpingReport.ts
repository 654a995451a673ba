import type { PumpingResult } from './pumpingScenario';
import type { PumpingOutcome } from './pumpingSimulation';

/** Scenario g as text for the terminal and BENCHMARKS.md. */
export function formatPumping(result: PumpingResult): string[] {
  const { setup } = result;
  const lines = [
    `g. SMS pumping simulation (seed ${setup.seed}, ${setup.hours} simulated hours, MemoryOtpStore, ${result.seconds.toFixed(1)} s for ${result.variants.length} variants):`,
    `   attack: ${setup.attackAttempts} send attempts from ${setup.attackAddresses} addresses to ${setup.attackNumbers} numbers of ${setup.attackedPrefixes.join(', ')}, none verified`,
    `   genuine: ${setup.genuineSignIns} sign-ins over ${setup.genuineCountries.length} countries (${setup.genuineCountries.join(' ')}), ${Math.round(setup.verifiedShare * 100)} % of them verified`,
    '',
    '| variant | texts to the attack | of its attempts | genuine sign-ins refused | of genuine | genuine verified | pauses started (fraud_suspected) | wall s |',
    '|---|--:|--:|--:|--:|--:|---|--:|',
  ];
  for (const outcome of result.variants) {
    lines.push(
      `| ${outcome.variant} | ${outcome.attackTexts} | ${percent(outcome.attackTexts, outcome.attackAttempts)} | ${outcome.genuineRefused} | ${percent(outcome.genuineRefused, outcome.genuineSignIns)} | ${outcome.genuineVerified} | ${counts(outcome.pauses)} | ${outcome.seconds.toFixed(1)} |`,
    );
  }
  lines.push('');
  const [defaults, off] = [byName(result, 'defaults'), byName(result, 'tollFraud: false')];
  if (defaults && off) {
    lines.push(`texts to the attack, defaults ÷ tollFraud: false: ${defaults.attackTexts} ÷ ${off.attackTexts} = ${off.attackTexts ? (defaults.attackTexts / off.attackTexts).toFixed(4) : 'n/a'}`);
  }
  for (const outcome of result.variants) {
    lines.push(`${outcome.variant}: refused sends of the attack by reason: ${counts(outcome.refusals.attack)}; of genuine sign-ins: ${counts(outcome.refusals.genuine)}`);
    if (outcome.genuineRefused) lines.push(`${outcome.variant}: genuine sign-ins refused by country: ${counts(outcome.genuineRefusedByCountry)}`);
    if (Object.keys(outcome.pausedGroups).length) lines.push(`${outcome.variant}: pauses started by group: ${counts(outcome.pausedGroups)}`);
  }
  return lines;
}

function byName(result: PumpingResult, name: string): PumpingOutcome | undefined {
  return result.variants.find((outcome) => outcome.variant === name);
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(2)} %`;
}

/** `reason 3, other 1`, largest first; `none` when empty. */
function counts(values: Readonly<Record<string, number>>): string {
  const entries = Object.entries(values).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return entries.length ? entries.map(([key, count]) => `${key} ${count}`).join(', ') : 'none';
}
