/** The deep link of a recovery plan: the Recovery plans page with that plan selected. */
export function planHref(planId: string): string {
  return `/recovery-plans?${new URLSearchParams({ plan: planId }).toString()}`;
}
