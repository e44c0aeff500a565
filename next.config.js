/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files and argon2 a native addon: load them from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pino'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
