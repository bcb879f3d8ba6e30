// Prisma CLI configuration for media's database (MEDIA_DATABASE_URL).
// Migrations run through Prisma's WASM schema engine with the pg driver adapter, so no native
// engine download is needed (docs/operations.md, "Database migrations").
import { defineConfig } from 'prisma/config';
import { migrationAdapter } from '../../infra/prisma/migration-adapter';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: () => migrationAdapter('MEDIA_DATABASE_URL'),
});
