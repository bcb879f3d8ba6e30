// Prisma CLI configuration for conversation's database (CONVERSATION_DATABASE_URL); see docs/operations.md,
// "Database migrations", for why migrations run through the WASM engine and the pg adapter.
import { serviceConfig } from '../../infra/prisma/migration-adapter';

export default serviceConfig('CONVERSATION_DATABASE_URL');
