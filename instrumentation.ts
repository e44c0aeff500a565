/** Runs once per server process before requests are served; Node-only start-up is guarded here. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./server/boot');
    await boot();
  }
}
