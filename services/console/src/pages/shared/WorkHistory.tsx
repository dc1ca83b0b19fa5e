// The shared history page for proposals, grants and activities, with these resources' event describers loaded first.
import HistoryPage from '../../history/HistoryPage';
import './describe-work';

export default function WorkHistory({ resource }: { resource: string }) {
  return <HistoryPage resource={resource} />;
}
