/** Values the global setup provides to every test file (`inject(...)`). */
declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the run's embedded PostgreSQL (`devserver` database), for creating per-file databases. */
    pgAdminUrl: string
  }
}

export {}
