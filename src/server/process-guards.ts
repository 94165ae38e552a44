/**
 * A promise someone forgot to await must not take the desk server down with every desk on it
 * (issue 13: a damaged database plus a configured central connection exited the server in 0.9 s).
 * The lint rule no-floating-promises keeps src free of them; this is the net under that rule.
 * Only rejections: an uncaught exception leaves the process in an unknown state and still ends it.
 */
export function installProcessGuards(log: (msg: string, e: unknown) => void = (m, e) => console.error(m, e)): () => void {
  const onRejection = (reason: unknown) => log('[vaxdesk] a background task failed (the desk server keeps running):', reason);
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}
