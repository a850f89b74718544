/** Resolves with what `promise` settles to, or with 'pending' after `ms` of real time (a bounded wait). */
export async function within<T>(promise: Promise<T>, ms = 5_000): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
