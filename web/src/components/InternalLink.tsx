import Link, { type LinkProps } from '@cloudscape-design/components/link';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApp } from '../app-context';
import { prefetchHref } from '../lib/prefetch';

/** Follows a link inside the console, asking at the press for the data the page it opens will ask first. */
export function usePrefetchingNavigate(): (href: string) => void {
  const navigate = useNavigate();
  const { client } = useApp();
  const queryClient = useQueryClient();
  return (href: string) => {
    void prefetchHref(href, client, queryClient);
    navigate(href);
  };
}

export function InternalLink({ to, children, variant }: { to: string; children: ReactNode; variant?: LinkProps['variant'] }) {
  const follow = usePrefetchingNavigate();
  return (
    <Link
      href={to}
      variant={variant}
      onFollow={(event) => {
        event.preventDefault();
        follow(to);
      }}
    >
      {children}
    </Link>
  );
}
