// The driver adapter Prisma's migration engine uses in every service's prisma.config.ts.
// @prisma/adapter-pg 6.19 cannot read Postgres `name` columns during migrate deploy
// (prisma/orm#27403); the 7.10 adapter can, so migrations use it under an npm alias.
import { PrismaPg } from '@prisma/adapter-pg-migrate';
import { defineConfig } from 'prisma/config';

export async function migrationAdapter(urlVariable: string) {
  const url = process.env[urlVariable];
  if (!url)
    throw new Error(`${urlVariable} is not set: run \`npm run infra:up\` (writes .env.local) or export it`);
  return new PrismaPg({ connectionString: url });
}

/**
 * A service's Prisma CLI configuration: its schema and migrations in Prisma's standard layout, run
 * through Prisma's WASM schema engine with the pg driver adapter (no native engine download).
 */
export function serviceConfig(urlVariable: string) {
  return defineConfig({
    experimental: { adapter: true },
    engine: 'js',
    schema: 'prisma/schema.prisma',
    migrations: { path: 'prisma/migrations' },
    adapter: () => migrationAdapter(urlVariable),
  });
}
