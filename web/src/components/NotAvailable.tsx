import Alert from '@cloudscape-design/components/alert';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';

/** A page whose capability is not built yet: says so plainly, with no fake data. */
export function NotAvailable({ title, coming }: { title: string; coming: string }) {
  return (
    <ContentLayout header={<Header variant="h1">{title}</Header>}>
      <Alert type="info" header="Not available yet">
        Not available yet: {coming}
      </Alert>
    </ContentLayout>
  );
}
