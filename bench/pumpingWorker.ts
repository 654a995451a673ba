/**
 * One variant of scenario g in its own process, so that variants run side by side on the
 * machine's cores: it simulates the variant named by the BENCH_PUMPING_VARIANT environment
 * variable (its index in `PUMPING_VARIANTS`) and sends its outcome over IPC.
 */
import { pumpingPlan } from './pumpingPlan';
import { PUMPING_VARIANTS } from './pumpingScenario';
import { simulatePumping } from './pumpingSimulation';

async function main(): Promise<void> {
  const variant = PUMPING_VARIANTS[Number(process.env.BENCH_PUMPING_VARIANT)];
  if (!variant) throw new Error(`no variant ${process.env.BENCH_PUMPING_VARIANT}`);
  const outcome = await simulatePumping(pumpingPlan(), variant);
  process.send?.(outcome, () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`pumping simulation failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
