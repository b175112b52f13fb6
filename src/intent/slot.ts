/**
 * `IntentModelSlot` holds the active runtime of a tenant (or the process). `replace`
 * loads the new model completely before swapping it in, so a corrupt file or a wrong
 * `formatVersion` throws and the previous model keeps serving.
 */
import { IntentRuntime, type ModelBytes, type RuntimeOptions } from './runtime.ts';

export class IntentModelSlot {
  private active: IntentRuntime | null = null;

  constructor(private readonly options: RuntimeOptions = {}) {}

  /** The runtime serving now, or null before the first successful load. */
  get current(): IntentRuntime | null {
    return this.active;
  }

  /** Loads `source`; on success makes it active and closes the old one (after in-flight work). */
  async replace(source: string | ModelBytes): Promise<IntentRuntime> {
    const next = await IntentRuntime.load(source, this.options);
    const previous = this.active;
    this.active = next;
    // Predictions already submitted to the old runtime still finish before it is released.
    void previous?.close();
    return next;
  }

  /** Closes the active runtime. */
  async close(): Promise<void> {
    const previous = this.active;
    this.active = null;
    await previous?.close();
  }
}
