/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files and argon2 a native addon: load them from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pino'],
  // The one Pages Router route (the SSE door) bundles its dependencies like App Router routes do, so
  // `server-only` resolves to its server build there too.
  bundlePagesRouterDependencies: true,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
