// The driver adapter Prisma's migration engine uses for every service's prisma.config.ts.
// @prisma/adapter-pg 6.19 cannot read Postgres `name` columns during migrate deploy
// (prisma/orm#27403); the 7.10 adapter can, so migrations use it under an npm alias.
import { PrismaPg } from '@prisma/adapter-pg-migrate';

export async function migrationAdapter() {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is not set: run `npm run infra:up` or set it to the service database');
  return new PrismaPg({ connectionString: url });
}
