import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mysql',
  schema: './src/store/schema/mysql.ts',
  out: './db/mysql',
});
