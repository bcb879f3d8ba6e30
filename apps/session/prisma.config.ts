// Prisma CLI configuration for session's database (SESSION_DATABASE_URL); see docs/operations.md,
// "Database migrations", for why migrations run through the WASM engine and the pg adapter.
import { serviceConfig } from '../../infra/prisma/migration-adapter';

export default serviceConfig('SESSION_DATABASE_URL');
