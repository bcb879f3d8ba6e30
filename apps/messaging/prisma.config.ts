// Prisma CLI configuration for messaging's database (MESSAGING_DATABASE_URL); see docs/operations.md,
// "Database migrations", for why migrations run through the WASM engine and the pg adapter.
import { serviceConfig } from '../../infra/prisma/migration-adapter';

export default serviceConfig('MESSAGING_DATABASE_URL');
