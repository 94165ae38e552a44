/** Waits for a condition the code under test will make true (polled), failing after a generous limit. */
export async function until<T>(what: string, probe: () => T | Promise<T>, limitMs = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
