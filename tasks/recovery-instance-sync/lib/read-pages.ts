import { callAws } from '../../../lib/aws/classify-error';
import type { ApiCallCounter } from './api-call-counter';

/**
 * Reads every page of an SDK paginator (paginateX), counting one `service` call per page
 * (and one for the page that failed, since it was a call too), with the
 * error classified as any other AWS call's.
 */
export async function readPages<Page>(context: string, counter: ApiCallCounter, service: string, pages: AsyncIterable<Page>, onPage: (page: Page) => void): Promise<void> {
  await callAws(context, async () => {
    try {
      for await (const page of pages) {
        counter.count(service);
        onPage(page);
      }
    } catch (error) {
      counter.count(service);
      throw error;
    }
  });
}
