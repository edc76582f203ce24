import Header, { type HeaderProps } from '@cloudscape-design/components/header';
import { useLocation } from 'react-router-dom';
import { matchRoute } from '../routes';

/** The title of the page being shown, from the page table (routes.ts). */
export function usePageTitle(): string {
  return matchRoute(useLocation().pathname).route.title;
}

/** A page's h1: its title from the page table, so heading, breadcrumb and document title agree. */
export function PageHeader({ description, actions }: Pick<HeaderProps, 'description' | 'actions'>) {
  return (
    <Header variant="h1" description={description} actions={actions}>
      {usePageTitle()}
    </Header>
  );
}
