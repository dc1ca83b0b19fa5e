/**
 * Whether testcontainers can reach a container engine. Contract suites of the production adapters
 * run only when it can (or when a URL is given); otherwise they skip with one line saying why.
 */
export async function containerRuntimeAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}
