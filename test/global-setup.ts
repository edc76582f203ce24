/** Runs once per `npm test`, before any test file. */
export default async function globalSetup(): Promise<void> {}
