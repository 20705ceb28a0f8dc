import { EmptyState, PageHeader } from '../components/ui';

/** Re-sync: force a customer re-sync for one user or a list. */
export function ResyncScreen() {
  return (
    <div className="screen">
      <PageHeader title="Re-sync" subtitle="Force a customer re-sync for one user, or for a list of users" />
      <EmptyState icon="↻" title="No re-sync targets yet">
        <p>
          Re-sync tells the Customer Service and your BigCommerce and Cafe24 stores about one user and shows each result
          at once. Configure the Customer Service in Settings and enrol a store to start.
        </p>
      </EmptyState>
    </div>
  );
}
