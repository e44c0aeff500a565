// Tests never write the generated secret to disk, and keep logs quiet unless asked for.
process.env.AUTH_SECRET ??= 'test-secret-0123456789abcdef0123456789abcdef';
process.env.LOG_LEVEL ??= 'silent';
