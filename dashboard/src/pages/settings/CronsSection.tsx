// Scheduled jobs: the app's and PocketBase's maintenance jobs, each runnable now.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { toast } from '../../stores/toasts.ts';

interface Job {
  id: string;
  expression: string;
}

export function CronsSection() {
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      setJobs(await pb.crons.getFullList());
      setError('');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const run = async (id: string) => {
    try {
      await pb.crons.run(id);
      toast(`Cron job ${id} started`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  if (error) return <ErrorBox text={error} retry={load} />;
  if (!jobs) return <Spinner />;
  return (
    <>
      <h1>Crons</h1>
      <table class="plain">
        <thead>
          <tr>
            <th>Job</th>
            <th>Schedule</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id} data-cron={j.id}>
              <td>
                <code>{j.id}</code>
              </td>
              <td>
                <code>{j.expression}</code>
              </td>
              <td>
                <button type="button" class="btn small" onClick={() => run(j.id)}>
                  Run
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
